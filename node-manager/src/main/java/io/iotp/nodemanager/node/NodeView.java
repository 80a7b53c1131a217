package io.iotp.nodemanager.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;

/**
 * A node as the public API shows it (SPEC §6), with the app runtimes it has and how it
 * runs new instances ({@code process} or {@code docker}).
 */
record NodeView(String id, String address, NodeState status, Map<String, String> labels, Resources capacity,
		NodeUsage usage, Instant lastSeen, List<RuntimeKind> runtimes, @Nullable ExecutionMode executionMode) {

	static NodeView of(NodeRecord node, NodeState status) {
		return new NodeView(node.id(), node.address(), status, node.labels(), node.capacity(), node.usage(),
				node.lastSeen(), (node.runtimes() != null) ? node.runtimes() : List.of(), node.executionMode());
	}

}
