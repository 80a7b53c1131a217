package io.iotp.contracts.sensor;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One field of a sensor type.
 *
 * @param name the key in a reading's {@code values}
 * @param type what its values must be
 * @param unit unit for humans, e.g. {@code °C}
 * @param min smallest accepted value, numbers only
 * @param max largest accepted value, numbers only
 */
public record SensorField(String name, FieldType type, @Nullable String unit, @Nullable Double min,
		@Nullable Double max) {

	public SensorField {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
	}

	/** Why {@code value} is not acceptable for this field, or null when it is. */
	public @Nullable String problemWith(Object value) {
		if (!this.type.accepts(value)) {
			return "'" + this.name + "' must be of type " + this.type.wireName() + ", got " + value;
		}
		if (value instanceof Number number) {
			double v = number.doubleValue();
			if (this.min != null && v < this.min) {
				return "'" + this.name + "' must be at least " + this.min + ", got " + value;
			}
			if (this.max != null && v > this.max) {
				return "'" + this.name + "' must be at most " + this.max + ", got " + value;
			}
		}
		return null;
	}

}
