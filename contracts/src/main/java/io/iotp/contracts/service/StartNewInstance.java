package io.iotp.contracts.service;

import java.util.Objects;

import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Message;

/**
 * Published on {@code start-new-instance}, keyed by {@code <app>/<service>}, by node-manager when a
 * service is overloaded (and below its {@code instances.max}) or by monitoring to replace a lost
 * instance; the deployer places and starts one more instance.
 *
 * @param app the app
 * @param service the service to grow
 * @param deploymentId the running deployment it belongs to
 * @param reason why, for the deployment's history
 */
public record StartNewInstance(AppId app, String service, DeploymentId deploymentId, String reason)
		implements Message {

	public StartNewInstance {
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(deploymentId, "deploymentId");
	}

	/** The partition key: {@code <app>/<service>}. */
	public String partitionKey() {
		return this.app.value() + "/" + this.service;
	}

}
