package io.iotp.contracts.binding;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Message;

/**
 * Sent by the deployer on {@code sensor-binding-request}, keyed by deployment id: bind
 * these sensors to the deployment. Answered by a {@link SensorBindingResponse} with the
 * same request id. Asking again for the same deployment (redelivery, a cron deployment's
 * next run) returns the same binding.
 *
 * @param requestId unique per question, echoed in the answer
 * @param deploymentId the deployment; a binding is stored under it
 * @param app the app
 * @param owner user name of the app's owner; only their sensors are bound
 * @param requirements the {@code sensors} of {@code appConfig.json}
 * @param sensorBindings explicit sensor ids per service, from the deployment request; a
 * service named here gets exactly these sensors instead of what the requirements would
 * choose
 * @param deliveries how each service of the app takes its readings, for every service of
 * the app (a requirement without services means all of them)
 */
public record SensorBindingRequest(String requestId, DeploymentId deploymentId, AppId app, String owner,
		List<SensorRequirement> requirements, Map<String, List<SensorId>> sensorBindings,
		Map<String, SensorDelivery> deliveries) implements Message {

	public SensorBindingRequest {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(owner, "owner");
		requirements = List.copyOf(Objects.requireNonNullElse(requirements, List.of()));
		sensorBindings = Objects.requireNonNullElse(sensorBindings, Map.<String, List<SensorId>>of())
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (entry) -> List.copyOf(entry.getValue())));
		deliveries = Map.copyOf(Objects.requireNonNullElse(deliveries, Map.of()));
	}

}
