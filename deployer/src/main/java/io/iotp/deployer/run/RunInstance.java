package io.iotp.deployer.run;

import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;

/**
 * One instance of a run, as the deployer knows it.
 *
 * @param registered whether the gateway has been told to route to it
 * @param runtime what runs it, once its node said
 */
public record RunInstance(String instanceId, String service, String nodeId, InstanceState state,
		@Nullable String endpoint, @Nullable String reason, boolean registered, @Nullable ExecutionMode runtime) {

	static final Set<InstanceState> FINAL = EnumSet.of(InstanceState.STOPPED, InstanceState.FAILED, InstanceState.LOST);

	boolean isFinal() {
		return FINAL.contains(this.state);
	}

	RunInstance with(InstanceState newState, @Nullable String newEndpoint, @Nullable String newReason,
			@Nullable ExecutionMode newRuntime) {
		return new RunInstance(this.instanceId, this.service, this.nodeId, newState,
				(newEndpoint != null) ? newEndpoint : this.endpoint, newReason, this.registered,
				(newRuntime != null) ? newRuntime : this.runtime);
	}

	RunInstance registered(boolean isRegistered) {
		return new RunInstance(this.instanceId, this.service, this.nodeId, this.state, this.endpoint, this.reason,
				isRegistered, this.runtime);
	}

}
