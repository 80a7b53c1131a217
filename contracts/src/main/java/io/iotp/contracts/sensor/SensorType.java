package io.iotp.contracts.sensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A sensor type (SPEC §6, {@code sensor-type.schema.json}): what the readings of its
 * sensors contain.
 *
 * @param name e.g. {@code temperature}; what apps ask for in {@code appConfig.json}
 * @param description for humans
 * @param fields the fields a reading may carry
 */
public record SensorType(String name, @Nullable String description, List<SensorField> fields) {

	public SensorType {
		Objects.requireNonNull(name, "name");
		fields = List.copyOf(Objects.requireNonNullElse(fields, List.of()));
	}

	/**
	 * Every problem of a reading's values against this type: unknown fields, wrong types,
	 * values out of range, and no values at all. Empty when the values are acceptable.
	 * Fields are optional.
	 */
	public List<String> problemsWith(Map<String, ?> values) {
		List<String> problems = new ArrayList<>();
		if (values.isEmpty()) {
			problems.add("a reading needs at least one value");
		}
		values.forEach((key, value) -> {
			SensorField field = field(key);
			if (field == null) {
				problems.add("'" + key + "' is not a field of sensor type '" + this.name + "'");
			}
			else if (value == null) {
				problems.add("'" + key + "' must not be null");
			}
			else {
				String problem = field.problemWith(value);
				if (problem != null) {
					problems.add(problem);
				}
			}
		});
		return problems;
	}

	/** The field called {@code name}, or null. */
	public @Nullable SensorField field(String name) {
		return this.fields.stream().filter((field) -> field.name().equals(name)).findFirst().orElse(null);
	}

}
