package io.iotp.nodemanager.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;

/**
 * A node as last reported by its agent, plus what an admin set ({@code adminStatus}:
 * draining or maintenance), which the agent's reports never overwrite. Its execution mode
 * says how it runs new instances (records of older agents have none).
 */
@Document("nodes")
public record NodeRecord(@Id String id, String address, Map<String, String> labels, Resources capacity, NodeUsage usage,
		List<RuntimeKind> runtimes, NodeState reportedStatus, List<String> instanceIds, String agentVersion,
		Instant startedAt, Instant lastSeen, @Nullable NodeState adminStatus, @Nullable ExecutionMode executionMode) {

	static NodeRecord from(NodeHeartbeat heartbeat, Instant seen, @Nullable NodeState adminStatus) {
		return new NodeRecord(heartbeat.nodeId().value(), heartbeat.address(), heartbeat.labels(), heartbeat.capacity(),
				heartbeat.usage(), heartbeat.runtimes(), heartbeat.status(),
				heartbeat.instanceIds().stream().map(Object::toString).toList(), heartbeat.agentVersion(),
				heartbeat.startedAt(), seen, adminStatus, heartbeat.executionMode());
	}

}
