package io.iotp.contracts.service;

import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.messaging.Message;

/**
 * What travels on {@code register-service}, keyed by {@code <app>/<service>}: an instance
 * joining or leaving the pool the gateway routes a service's traffic to.
 */
public sealed interface ServiceRegistration extends Message permits ServiceRegistered, ServiceDeregistered {

	AppId app();

	String service();

	InstanceId instanceId();

	DeploymentId deploymentId();

	/** The partition key: {@code <app>/<service>}. */
	default String partitionKey() {
		return app().value() + "/" + service();
	}

}
