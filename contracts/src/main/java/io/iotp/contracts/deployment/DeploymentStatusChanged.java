package io.iotp.contracts.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Message;

/**
 * Published on {@code deployment-status}, keyed by deployment id, by the deployer on
 * every transition of a deployment, and again in the same state with no reason whenever
 * one of its instances changes state; app-controller keeps the instances it lists and
 * stores each reported reason in the deployment's history.
 *
 * @param deploymentId the deployment
 * @param app its app
 * @param status the new state
 * @param reason why, for the history; always set for {@code FAILED}; none when only an
 * instance changed
 * @param errorCode stable error code of a failure (see {@code ErrorCodes}), when there
 * was one
 * @param instances the deployment's instances at this point
 * @param url the app link, once running and when the app has an entry service
 * @param at when the transition happened
 */
public record DeploymentStatusChanged(DeploymentId deploymentId, AppId app, DeploymentState status,
		@Nullable String reason, @Nullable String errorCode, List<InstanceSummary> instances, @Nullable String url,
		Instant at) implements Message {

	public DeploymentStatusChanged {
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(status, "status");
		instances = List.copyOf(Objects.requireNonNullElse(instances, List.of()));
	}

}
