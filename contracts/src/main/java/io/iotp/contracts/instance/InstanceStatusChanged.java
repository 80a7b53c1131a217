package io.iotp.contracts.instance;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Message;

/**
 * Published on {@code instance-status}, keyed by instance id, by the node agent whenever
 * an instance changes state, and again (same state) when the agent re-adopts it after a
 * restart.
 *
 * @param instanceId the instance
 * @param deploymentId the deployment it belongs to
 * @param nodeId the node it runs on
 * @param app its app
 * @param service its service
 * @param state its new state
 * @param endpoint {@code host:port} it listens on, once known and for HTTP services only
 * @param pid process id of the instance's process (or container's main process), once
 * started
 * @param exitCode exit code, when the process has exited
 * @param reason why it changed, for humans (health check output, OOM, stop request)
 * @param restarts how many times the agent restarted it in place
 * @param at when the agent observed the change
 * @param runtime what runs it ({@code process} or {@code docker}); none from agents that
 * do not say, and for instances the agent never ran
 */
public record InstanceStatusChanged(InstanceId instanceId, DeploymentId deploymentId, NodeId nodeId, AppId app,
		String service, InstanceState state, @Nullable String endpoint, @Nullable Long pid, @Nullable Integer exitCode,
		@Nullable String reason, int restarts, Instant at, @Nullable ExecutionMode runtime) implements Message {

	public InstanceStatusChanged {
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(state, "state");
	}

}
