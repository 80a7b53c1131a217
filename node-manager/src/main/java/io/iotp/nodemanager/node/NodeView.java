package io.iotp.nodemanager.node;

import java.time.Instant;
import java.util.Map;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;

/** A node as the public API shows it (SPEC §6). */
record NodeView(String id, String address, NodeState status, Map<String, String> labels, Resources capacity,
		NodeUsage usage, Instant lastSeen) {

	static NodeView of(NodeRecord node, NodeState status) {
		return new NodeView(node.id(), node.address(), status, node.labels(), node.capacity(), node.usage(),
				node.lastSeen());
	}

}
