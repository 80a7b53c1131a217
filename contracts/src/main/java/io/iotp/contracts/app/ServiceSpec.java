package io.iotp.contracts.app;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A validated {@code services/<service>/config.json}, with the service's name and every
 * default applied, as the deployer and node agents need it.
 *
 * @param name the service folder name
 * @param runtime what runs the code
 * @param command the command line, relative to the service folder; the runtime's default
 * when the config gave none
 * @param http whether it listens on {@code $PORT}
 * @param healthPath path answering 200 when healthy; when null, an accepted TCP
 * connection is health
 * @param env extra environment variables from the config
 * @param resources what one instance asks for
 * @param instances autoscaling bounds
 * @param sensorDelivery how bound sensors' readings reach it
 */
public record ServiceSpec(String name, RuntimeKind runtime, List<String> command, boolean http,
		@Nullable String healthPath, Map<String, String> env, Resources resources, InstanceBounds instances,
		SensorDelivery sensorDelivery) {

	public ServiceSpec {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(runtime, "runtime");
		command = (command == null || command.isEmpty()) ? runtime.defaultCommand() : List.copyOf(command);
		env = Map.copyOf(Objects.requireNonNullElse(env, Map.of()));
		resources = Objects.requireNonNullElse(resources, Resources.DEFAULT);
		instances = Objects.requireNonNullElse(instances, InstanceBounds.DEFAULT);
		sensorDelivery = Objects.requireNonNullElse(sensorDelivery, SensorDelivery.NONE);
	}

}
