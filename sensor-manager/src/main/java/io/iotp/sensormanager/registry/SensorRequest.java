package io.iotp.sensormanager.registry;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sensors} and {@code PUT /api/sensors/{id}}; checked by
 * {@link Sensors}.
 *
 * @param id optional on creation ([a-z0-9][a-z0-9-]{2,62}, else {@code s-<random>});
 * ignored on update
 * @param type an existing sensor type
 * @param location where the sensor is, 1 to 100 characters
 * @param metadata free-form details, at most 50 entries
 */
record SensorRequest(@Nullable String id, @Nullable String type, @Nullable String location,
		@Nullable Map<String, Object> metadata) {
}
