package io.iotp.deployer.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.deployment.DeploymentState;

/**
 * The deployer's record of one run of a deployment (a cron deployment has one run after
 * another under the same id). The request is kept as its JSON so the stored form never
 * depends on how the contract records map to documents.
 *
 * @param requestMessageId envelope id of the request that started this run, to ignore
 * redeliveries
 * @param deadline when every instance must be healthy by
 * @param stopAt end of the requested duration, once running
 */
@Document("runs")
public record DeploymentRun(@Id String id, String app, String requestMessageId, String requestJson,
		DeploymentState state, List<RunInstance> instances, @Nullable String reason, @Nullable String errorCode,
		@Nullable String url, Instant startedAt, Instant deadline, @Nullable Instant stopAt,
		@Nullable Instant stoppingSince, @Nullable @Version Long version) {

	public DeploymentRun {
		instances = List.copyOf(instances);
	}

	/** Used by Spring Data to hand back the stored version. */
	DeploymentRun withVersion(@Nullable Long newVersion) {
		return new DeploymentRun(this.id, this.app, this.requestMessageId, this.requestJson, this.state, this.instances,
				this.reason, this.errorCode, this.url, this.startedAt, this.deadline, this.stopAt, this.stoppingSince,
				newVersion);
	}

	DeploymentRun withState(DeploymentState newState, @Nullable String newReason, @Nullable String newErrorCode) {
		return new DeploymentRun(this.id, this.app, this.requestMessageId, this.requestJson, newState, this.instances,
				newReason, newErrorCode, this.url, this.startedAt, this.deadline, this.stopAt, this.stoppingSince,
				this.version);
	}

	DeploymentRun withInstances(List<RunInstance> newInstances) {
		return new DeploymentRun(this.id, this.app, this.requestMessageId, this.requestJson, this.state, newInstances,
				this.reason, this.errorCode, this.url, this.startedAt, this.deadline, this.stopAt, this.stoppingSince,
				this.version);
	}

	DeploymentRun withInstance(String instanceId, UnaryOperator<RunInstance> change) {
		List<RunInstance> changed = new ArrayList<>();
		for (RunInstance instance : this.instances) {
			changed.add(instance.instanceId().equals(instanceId) ? change.apply(instance) : instance);
		}
		return withInstances(changed);
	}

	DeploymentRun running(@Nullable String newUrl, @Nullable Instant newStopAt) {
		return new DeploymentRun(this.id, this.app, this.requestMessageId, this.requestJson, DeploymentState.RUNNING,
				this.instances, null, null, newUrl, this.startedAt, this.deadline, newStopAt, null, this.version);
	}

	DeploymentRun stopping(String why, Instant since) {
		return new DeploymentRun(this.id, this.app, this.requestMessageId, this.requestJson, DeploymentState.STOPPING,
				this.instances, why, this.errorCode, this.url, this.startedAt, this.deadline, this.stopAt, since,
				this.version);
	}

	boolean isActive() {
		return this.state == DeploymentState.DEPLOYING || this.state == DeploymentState.RUNNING
				|| this.state == DeploymentState.STOPPING;
	}

	@Nullable RunInstance instance(String instanceId) {
		return this.instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst().orElse(null);
	}

}
