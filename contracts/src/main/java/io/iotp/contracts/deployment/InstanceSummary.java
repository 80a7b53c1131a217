package io.iotp.contracts.deployment;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;

/**
 * One instance as a deployment status reports it (the REST {@code instances[]} of a
 * deployment).
 *
 * @param instanceId the instance
 * @param service its service
 * @param nodeId the node it was placed on, once placed
 * @param state its last known state
 * @param endpoint {@code host:port}, once listening
 */
public record InstanceSummary(InstanceId instanceId, String service, @Nullable NodeId nodeId, InstanceState state,
		@Nullable String endpoint) {

}
