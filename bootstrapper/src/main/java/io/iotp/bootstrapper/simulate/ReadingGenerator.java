package io.iotp.bootstrapper.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * Plausible values for the fields of a sensor type: numbers drift slowly around the
 * middle of their range (a temperature around 20 °C when the range allows), with a little
 * noise, always within min and max; integers likewise, rounded; booleans flip now and
 * then; strings say {@code ok}.
 */
final class ReadingGenerator {

	/**
	 * One field.
	 *
	 * @param name its name
	 * @param type number, integer, boolean or string
	 * @param min smallest allowed value, or -infinity
	 * @param max largest allowed value, or +infinity
	 */
	record Field(String name, String type, double min, double max) {

		static Field of(JsonNode field) {
			return new Field(field.get("name").asString(), field.get("type").asString(),
					number(field.get("min"), Double.NEGATIVE_INFINITY),
					number(field.get("max"), Double.POSITIVE_INFINITY));
		}

		private static double number(JsonNode value, double otherwise) {
			return (value != null && value.isNumber()) ? value.asDouble() : otherwise;
		}

	}

	private final List<Field> fields;

	private final SplittableRandom random = new SplittableRandom();

	ReadingGenerator(List<Field> fields) {
		this.fields = List.copyOf(fields);
	}

	/**
	 * The values of one reading of sensor number {@code sensor} at {@code seconds} into
	 * the run.
	 */
	Map<String, Object> values(int sensor, double seconds) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Field field : this.fields) {
			switch (field.type()) {
				case "number" -> values.put(field.name(), Math.round(number(field, sensor, seconds) * 100) / 100.0);
				case "integer" -> values.put(field.name(), Math.round(number(field, sensor, seconds)));
				case "boolean" -> values.put(field.name(), this.random.nextInt(10) == 0);
				default -> values.put(field.name(), "ok");
			}
		}
		return values;
	}

	private double number(Field field, int sensor, double seconds) {
		double low = Double.isFinite(field.min()) ? field.min() : Math.min(0, field.max() - 40);
		double high = Double.isFinite(field.max()) ? field.max() : Math.max(low + 40, 40);
		double center = (low <= 20 && 20 <= high && high - low > 20) ? 20 : (low + high) / 2;
		double amplitude = Math.min(5, (high - low) / 4);
		double value = center + amplitude * Math.sin(seconds / 60 + sensor) + this.random.nextDouble(-0.3, 0.3);
		return Math.max(low, Math.min(high, value));
	}

	/** Plausible fields for a new sensor type of this name. */
	static List<Map<String, Object>> fieldsFor(String type) {
		return switch (type) {
			case "temperature" -> List.of(field("temperature", "number", "°C", -40, 85));
			case "humidity" -> List.of(field("humidity", "number", "%", 0, 100));
			case "pressure" -> List.of(field("pressure", "number", "hPa", 300, 1100));
			case "co2" -> List.of(field("co2", "integer", "ppm", 0, 10000));
			case "light" -> List.of(field("light", "number", "lx", 0, 100000));
			default -> List.of(field("value", "number", null, 0, 100));
		};
	}

	private static Map<String, Object> field(String name, String type, @Nullable String unit, double min, double max) {
		Map<String, Object> field = new LinkedHashMap<>();
		field.put("name", name);
		field.put("type", type);
		if (unit != null) {
			field.put("unit", unit);
		}
		field.put("min", min);
		field.put("max", max);
		return field;
	}

}
