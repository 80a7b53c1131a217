package io.iotp.contracts.app;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code sensors} in {@code appConfig.json}: sensors the app wants bound at
 * deployment.
 *
 * @param type sensor type name, e.g. {@code temperature}
 * @param location where the sensors are, e.g. {@code greenhouse-1}; any location when
 * null
 * @param count how many sensors of that type and location
 * @param services the services their readings go to; every service when empty
 */
public record SensorRequirement(String type, @Nullable String location, int count, List<String> services) {

	public SensorRequirement {
		Objects.requireNonNull(type, "type");
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1, got " + count);
		}
		services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
	}

}
