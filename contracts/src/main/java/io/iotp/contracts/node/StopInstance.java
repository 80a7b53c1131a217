package io.iotp.contracts.node;

import java.util.Objects;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;

/**
 * Stop one instance: SIGTERM to its process group (or {@code docker stop}), then kill
 * after the grace period. Stopping an instance the agent does not run only reports it
 * {@code STOPPED}.
 *
 * @param nodeId the node that runs it
 * @param instanceId the instance
 * @param reason why, for its status and the logs
 * @param graceSeconds how long to wait for it to exit before killing it
 */
public record StopInstance(NodeId nodeId, InstanceId instanceId, String reason,
		int graceSeconds) implements NodeCommand {

	/** Grace period used when a sender has no better idea. */
	public static final int DEFAULT_GRACE_SECONDS = 10;

	public StopInstance {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(instanceId, "instanceId");
		if (graceSeconds < 0) {
			throw new IllegalArgumentException("graceSeconds must not be negative, got " + graceSeconds);
		}
	}

}
