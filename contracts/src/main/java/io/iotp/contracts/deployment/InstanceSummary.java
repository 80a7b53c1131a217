package io.iotp.contracts.deployment;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;

/**
 * One instance as a deployment status reports it (the REST {@code instances[]} of a
 * deployment).
 *
 * @param instanceId the instance
 * @param service its service
 * @param nodeId the node it was placed on, once placed
 * @param state its last known state
 * @param endpoint {@code host:port}, once listening
 * @param runtime what runs it ({@code process} or {@code docker}), once its node said
 */
public record InstanceSummary(InstanceId instanceId, String service, @Nullable NodeId nodeId, InstanceState state,
		@Nullable String endpoint, @Nullable ExecutionMode runtime) {

}
