package io.iotp.contracts.sensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SensorTypeTest {

	private static final SensorType TEMPERATURE = new SensorType("temperature", null,
			List.of(new SensorField("temperature", FieldType.NUMBER, "°C", -40.0, 85.0),
					new SensorField("humidity", FieldType.INTEGER, "%", 0.0, 100.0),
					new SensorField("heating", FieldType.BOOLEAN, null, null, null),
					new SensorField("mode", FieldType.STRING, null, null, null)));

	@Test
	void acceptsValuesOfTheRightTypesInRange() {
		assertThat(
				TEMPERATURE.problemsWith(Map.of("temperature", 21.5, "humidity", 40, "heating", true, "mode", "auto")))
			.isEmpty();
		assertThat(TEMPERATURE.problemsWith(Map.of("humidity", 40.0))).as("integral double is an integer").isEmpty();
	}

	@Test
	void listsEveryProblem() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("temperature", 120);
		values.put("humidity", 40.5);
		values.put("heating", "yes");
		values.put("pressure", 1013);

		assertThat(TEMPERATURE.problemsWith(values)).containsExactly("'temperature' must be at most 85.0, got 120",
				"'humidity' must be of type integer, got 40.5", "'heating' must be of type boolean, got yes",
				"'pressure' is not a field of sensor type 'temperature'");
	}

	@Test
	void rejectsEmptyReadingsAndNonFiniteNumbers() {
		assertThat(TEMPERATURE.problemsWith(Map.of())).containsExactly("a reading needs at least one value");
		assertThat(TEMPERATURE.problemsWith(Map.of("temperature", Double.NaN))).hasSize(1);
	}

	@Test
	void readsTheSchemaShape() {
		SensorType type = JsonMapper.builder()
			.build()
			.readValue(
					"""
							{"name": "door", "fields": [{"name": "open", "type": "boolean"},
							                            {"name": "angle", "type": "number", "unit": "°", "min": 0, "max": 180}]}""",
					SensorType.class);

		assertThat(type.field("angle")).isEqualTo(new SensorField("angle", FieldType.NUMBER, "°", 0.0, 180.0));
		assertThat(type.field("open").type()).isEqualTo(FieldType.BOOLEAN);
		assertThat(type.description()).isNull();
	}

}
