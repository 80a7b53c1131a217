package io.iotp.contracts.service;

import java.util.Objects;

import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;

/**
 * An instance that must no longer get traffic: stopped, unhealthy, lost. Deregistering an
 * unknown instance is a no-op.
 *
 * @param app the app
 * @param service the service
 * @param instanceId the instance
 * @param deploymentId its deployment
 * @param reason why, for the logs
 */
public record ServiceDeregistered(AppId app, String service, InstanceId instanceId, DeploymentId deploymentId,
		String reason) implements ServiceRegistration {

	public ServiceDeregistered {
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(instanceId, "instanceId");
	}

}
