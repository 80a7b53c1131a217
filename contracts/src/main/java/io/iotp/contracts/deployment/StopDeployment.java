package io.iotp.contracts.deployment;

import java.util.Objects;

import io.iotp.contracts.ids.DeploymentId;

/**
 * Stop every instance of a deployment: its developer deleted it, its duration ended, or
 * an admin stopped it. The deployer answers with {@code STOPPING} then {@code STOPPED} on
 * {@code deployment-status}.
 *
 * @param deploymentId the deployment
 * @param reason why, for the deployment's history
 */
public record StopDeployment(DeploymentId deploymentId, String reason) implements DeployerCommand {

	public StopDeployment {
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(reason, "reason");
	}

}
