package io.iotp.contracts.deployment;

import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Message;

/** What travels on {@code scheduler-to-deployer}, keyed by deployment id. */
public sealed interface DeployerCommand extends Message permits DeploymentRequested, StopDeployment {

	/** The partition key. */
	DeploymentId deploymentId();

}
