package io.iotp.contracts.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Message;

/**
 * Sent every second on {@code node-heartbeat}, keyed by node id, by each node agent: the
 * node's registration and live usage in one, so node-manager learns a node simply by
 * hearing from it.
 *
 * @param nodeId the node
 * @param address host name or IP address its instances are reachable at
 * @param labels admin-given labels (zone, gpu, ...) placement may filter on
 * @param capacity what the node offers to instances
 * @param usage what it uses now
 * @param runtimes the app runtimes it can run (the binaries it found)
 * @param executionMode how it runs instances
 * @param status what the agent says of its node: {@code UP}, or {@code DRAINING} while it
 * shuts down; {@code SUSPECT} and {@code DOWN} are only ever decided by node-manager
 * @param instanceIds the instances the agent runs now, for reconciliation
 * @param agentVersion platform version of the agent
 * @param startedAt when the agent started
 */
public record NodeHeartbeat(NodeId nodeId, String address, Map<String, String> labels, Resources capacity,
		NodeUsage usage, List<RuntimeKind> runtimes, ExecutionMode executionMode, NodeState status,
		List<InstanceId> instanceIds, String agentVersion, Instant startedAt) implements Message {

	public NodeHeartbeat {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(address, "address");
		labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
		runtimes = List.copyOf(Objects.requireNonNullElse(runtimes, List.of()));
		instanceIds = List.copyOf(Objects.requireNonNullElse(instanceIds, List.of()));
	}

}
