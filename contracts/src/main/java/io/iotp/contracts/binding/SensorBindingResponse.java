package io.iotp.contracts.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Message;

/**
 * sensor-manager's answer on {@code sensor-binding-response}: the sensors bound to each service, or why
 * the deployment cannot be bound (the deployer fails it with that reason).
 *
 * @param requestId the request answered
 * @param deploymentId the deployment
 * @param bound whether every requirement and explicit id was satisfied
 * @param reason why not, naming what was missing; null when bound
 * @param services per service with sensors: its sensors and topic; empty when not bound
 */
public record SensorBindingResponse(String requestId, DeploymentId deploymentId, boolean bound,
		@Nullable String reason, List<ServiceBinding> services) implements Message {

	public SensorBindingResponse {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
		if (!bound && reason == null) {
			throw new IllegalArgumentException("an unbound answer must say why");
		}
	}

	/** Everything was bound. */
	public static SensorBindingResponse bound(String requestId, DeploymentId deploymentId,
			List<ServiceBinding> services) {
		return new SensorBindingResponse(requestId, deploymentId, true, null, services);
	}

	/** Not bound, and why. */
	public static SensorBindingResponse notBound(String requestId, DeploymentId deploymentId, String reason) {
		return new SensorBindingResponse(requestId, deploymentId, false, reason, List.of());
	}

	/** The binding of {@code service}, if it has sensors. */
	public Optional<ServiceBinding> service(String service) {
		return this.services.stream().filter((binding) -> binding.service().equals(service)).findFirst();
	}

}
