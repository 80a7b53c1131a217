package io.iotp.sensormanager.registry;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sensor-types}; every part is checked by {@link SensorTypes},
 * so all are nullable here.
 *
 * @param name [a-z][a-z0-9-]{1,38}
 * @param description for humans
 * @param fields at least one
 */
record SensorTypeRequest(@Nullable String name, @Nullable String description,
		@Nullable List<@Nullable FieldRequest> fields) {

	/**
	 * One field.
	 *
	 * @param name key in a reading's values
	 * @param type number, integer, boolean or string
	 * @param unit for humans
	 * @param min smallest accepted value (numbers)
	 * @param max largest accepted value (numbers)
	 */
	record FieldRequest(@Nullable String name, @Nullable String type, @Nullable String unit, @Nullable Double min,
			@Nullable Double max) {
	}

}
