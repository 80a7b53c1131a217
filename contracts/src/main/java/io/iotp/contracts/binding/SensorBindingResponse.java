package io.iotp.contracts.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Message;

/**
 * sensor-manager's answer on {@code sensor-binding-response}: the sensors bound to each
 * service, or why the deployment cannot be bound (the deployer fails it with that
 * reason).
 *
 * @param requestId the request answered
 * @param deploymentId the deployment
 * @param bound whether every requirement and explicit id was satisfied
 * @param reason why not, naming what was missing; null when bound
 * @param errorCode when not bound: {@code deployment.sensors-unavailable} (too few
 * sensors, unknown or foreign ids: final until sensors or the request change) or
 * {@code service.unavailable} (sensor-manager could not reach Kafka or MongoDB:
 * retriable); null when bound
 * @param services per service with sensors: its sensors and topic; empty when not bound
 * @param appToken when bound: the app-scoped token of this run of the deployment
 * ({@code IOTP_API_TOKEN}), accepted by sensor-manager for the bound sensors while the
 * binding is active; the same for every request of the run. Null when not bound, and in
 * answers of senders older than the field.
 */
public record SensorBindingResponse(String requestId, DeploymentId deploymentId, boolean bound, @Nullable String reason,
		@Nullable String errorCode, List<ServiceBinding> services, @Nullable String appToken) implements Message {

	public SensorBindingResponse {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
		if (!bound && reason == null) {
			throw new IllegalArgumentException("an unbound answer must say why");
		}
	}

	/**
	 * Everything was bound; {@code appToken} lets the deployment's instances read and
	 * command its sensors.
	 */
	public static SensorBindingResponse bound(String requestId, DeploymentId deploymentId,
			List<ServiceBinding> services, @Nullable String appToken) {
		return new SensorBindingResponse(requestId, deploymentId, true, null, null, services, appToken);
	}

	/**
	 * Not bound because the sensors asked for are not there (or not the owner's), and
	 * why.
	 */
	public static SensorBindingResponse notBound(String requestId, DeploymentId deploymentId, String reason) {
		return new SensorBindingResponse(requestId, deploymentId, false, reason,
				ErrorCodes.DEPLOYMENT_SENSORS_UNAVAILABLE.code(), List.of(), null);
	}

	/**
	 * Not bound because sensor-manager could not do its part now; asking again later may
	 * succeed.
	 */
	public static SensorBindingResponse unavailable(String requestId, DeploymentId deploymentId, String reason) {
		return new SensorBindingResponse(requestId, deploymentId, false, reason, ErrorCodes.SERVICE_UNAVAILABLE.code(),
				List.of(), null);
	}

	/** The binding of {@code service}, if it has sensors. */
	public Optional<ServiceBinding> service(String service) {
		return this.services.stream().filter((binding) -> binding.service().equals(service)).findFirst();
	}

}
