package io.iotp.contracts.service;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;

/**
 * A healthy HTTP instance the gateway may route to, published by the deployer once it
 * passed its health check. Registering the same instance again only refreshes it.
 *
 * @param app the app
 * @param service the service
 * @param instanceId the instance
 * @param deploymentId its deployment
 * @param nodeId the node it runs on
 * @param url base URL of the instance, e.g. {@code http://127.0.0.5:41234}
 * @param healthPath the path the gateway may probe, when the service has one
 * @param entry whether this service is the app's entry service (the target of
 * {@code /apps/<app>/})
 * @param access who may open the app link
 */
public record ServiceRegistered(AppId app, String service, InstanceId instanceId, DeploymentId deploymentId,
		NodeId nodeId, String url, @Nullable String healthPath, boolean entry,
		AppAccess access) implements ServiceRegistration {

	public ServiceRegistered {
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(url, "url");
		access = Objects.requireNonNullElse(access, AppAccess.PUBLIC);
	}

}
