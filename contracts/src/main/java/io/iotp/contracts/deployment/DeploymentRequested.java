package io.iotp.contracts.deployment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.SensorId;

/**
 * A deployment is due: app-controller's schedule fired (now, at a time, or a cron run).
 * It carries everything the deployer needs so it never reads app-controller's data.
 *
 * @param deploymentId the deployment; a cron deployment sends the same id on every run
 * @param app the app (its name)
 * @param version the app version to run
 * @param owner user name of the developer who owns the app; app-scoped tokens are issued
 * for them
 * @param artifactKey blob-store key of the validated app zip
 * @param artifactSha256 hex SHA-256 of the zip, to verify what was fetched
 * @param entryService the service behind the app link, when the app has one
 * @param access who may open the app link
 * @param services every service of the version, with defaults applied
 * @param durationMinutes stop the deployment this long after it is running; runs until
 * stopped when null
 * @param instances per-service override of {@code instances.min}
 * @param sensors the sensors the app asks for in {@code appConfig.json}
 * @param sensorBindings explicit binding of sensor ids per service, from the deployment
 * request
 * @param requestedByAdmin whether an admin asked for the deployment: only then may it run
 * as processes where the platform keeps developers' apps in containers (absent in older
 * messages: false)
 */
public record DeploymentRequested(DeploymentId deploymentId, AppId app, String version, String owner,
		String artifactKey, @Nullable String artifactSha256, @Nullable String entryService, AppAccess access,
		List<ServiceSpec> services, @Nullable Integer durationMinutes, Map<String, Integer> instances,
		List<SensorRequirement> sensors, Map<String, List<SensorId>> sensorBindings,
		Boolean requestedByAdmin) implements DeployerCommand {

	public DeploymentRequested {
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(version, "version");
		Objects.requireNonNull(artifactKey, "artifactKey");
		access = Objects.requireNonNullElse(access, AppAccess.PUBLIC);
		requestedByAdmin = Boolean.TRUE.equals(requestedByAdmin);
		services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
		instances = Map.copyOf(Objects.requireNonNullElse(instances, Map.of()));
		sensors = List.copyOf(Objects.requireNonNullElse(sensors, List.of()));
		sensorBindings = Objects.requireNonNullElse(sensorBindings, Map.<String, List<SensorId>>of())
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (entry) -> List.copyOf(entry.getValue())));
	}

	/**
	 * How many instances of {@code service} to start: the request's override, else its
	 * config's minimum.
	 */
	public int instancesOf(ServiceSpec service) {
		return this.instances.getOrDefault(service.name(), service.instances().min());
	}

}
