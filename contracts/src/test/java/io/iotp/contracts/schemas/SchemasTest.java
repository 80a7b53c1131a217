package io.iotp.contracts.schemas;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.iotp.contracts.schemas.Schemas.APP_CONFIG;
import static io.iotp.contracts.schemas.Schemas.DEPLOYMENT_REQUEST;
import static io.iotp.contracts.schemas.Schemas.SENSOR_TYPE;
import static io.iotp.contracts.schemas.Schemas.SERVICE_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SchemasTest {

	@Test
	void listsFourSchemas() {
		assertThat(Schemas.names()).containsExactly("app-config", "service-config", "deployment-request",
				"sensor-type");
		assertThat(Schemas.fileName("app-config")).isEqualTo("app-config.schema.json");
		assertThat(Schemas.resourcePath("sensor-type.schema.json"))
			.isEqualTo("io/iotp/contracts/schemas/sensor-type.schema.json");
	}

	@Test
	void unknownNamesAreRejectedWithoutTouchingTheClasspath() {
		assertThat(Schemas.exists("../../secret")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> Schemas.open("../../secret"))
			.withMessageContaining("app-config");
	}

	@ParameterizedTest
	@MethodSource("io.iotp.contracts.schemas.SchemasTest#names")
	void isAValidDraft202012Schema(String name) {
		String text = Schemas.read(name);

		assertThat(text).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
		assertThat(SchemaValidator.metaSchemaProblems(text)).isEmpty();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("validExamples")
	void acceptsValidExample(String schema, String description, String json) {
		assertThat(SchemaValidator.problems(schema, json)).as(description).isEmpty();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidExamples")
	void rejectsInvalidExample(String schema, String description, String json, String expectedProblem) {
		assertThat(SchemaValidator.problems(schema, json)).as(description)
			.anySatisfy((problem) -> assertThat(problem).contains(expectedProblem));
	}

	static Stream<String> names() {
		return Schemas.names().stream();
	}

	static Stream<Arguments> validExamples() {
		return Stream.of(Arguments.of(APP_CONFIG, "the SPEC example", """
				{"name": "greenhouse", "version": "1.0.0", "description": "Keeps the greenhouse cool",
				 "entryService": "dashboard",
				 "sensors": [{"type": "temperature", "location": "greenhouse-1", "count": 2,
				              "services": ["monitor"]}]}"""), Arguments.of(APP_CONFIG, "minimal", """
				{"name": "ab", "version": "0.1.0-rc.1+build.5"}"""), Arguments.of(APP_CONFIG, "platform access", """
				{"name": "hello-java", "version": "2.0.0", "access": "platform", "sensors": []}"""),
				Arguments.of(SERVICE_CONFIG, "the SPEC example", """
						{"runtime": "python", "command": ["python3", "main.py"], "http": true,
						 "healthPath": "/health", "env": {"THRESHOLD": "30"},
						 "resources": {"cpu": 0.25, "memoryMb": 128}, "instances": {"min": 1, "max": 3},
						 "sensorDelivery": "http"}"""), Arguments.of(SERVICE_CONFIG, "minimal java", """
						{"runtime": "java"}"""), Arguments.of(SERVICE_CONFIG, "worker with kafka delivery", """
						{"runtime": "command", "command": ["./worker"], "http": false, "sensorDelivery": "kafka"}"""),
				Arguments.of(DEPLOYMENT_REQUEST, "the SPEC example", """
						{"version": "1.0.0", "schedule": {"type": "now"}, "durationMinutes": 600,
						 "instances": {"monitor": 2}, "sensors": {"monitor": ["t-1", "t-2"]}}"""),
				Arguments.of(DEPLOYMENT_REQUEST, "empty: latest version, now", "{}"),
				Arguments.of(DEPLOYMENT_REQUEST, "at a time", """
						{"schedule": {"type": "at", "at": "2026-12-01T08:00:00Z"}}"""),
				Arguments.of(DEPLOYMENT_REQUEST, "cron with zone", """
						{"schedule": {"type": "cron", "cron": "0 0 8 * * MON-FRI", "zone": "Europe/Paris"},
						 "durationMinutes": 60}"""), Arguments.of(DEPLOYMENT_REQUEST, "cron macro", """
						{"schedule": {"type": "cron", "cron": "@daily"}}"""),
				Arguments.of(SENSOR_TYPE, "the SPEC shape", """
						{"name": "temperature",
						 "fields": [{"name": "temperature", "type": "number", "unit": "°C", "min": -40, "max": 85},
						            {"name": "humidity", "type": "integer", "min": 0, "max": 100},
						            {"name": "heating", "type": "boolean"}, {"name": "mode", "type": "string"}]}"""));
	}

	static Stream<Arguments> invalidExamples() {
		return Stream.of(Arguments.of(APP_CONFIG, "bad app name (upper case)", """
				{"name": "Greenhouse", "version": "1.0.0"}""", "/name"),
				Arguments.of(APP_CONFIG, "bad app name (one letter)", """
						{"name": "g", "version": "1.0.0"}""", "/name"),
				Arguments.of(APP_CONFIG, "bad app name (too long)", """
						{"name": "a234567890123456789012345678901234567890", "version": "1.0.0"}""", "/name"),
				Arguments.of(APP_CONFIG, "name missing", """
						{"version": "1.0.0"}""", ": required property 'name'"),
				Arguments.of(APP_CONFIG, "version not semver", """
						{"name": "greenhouse", "version": "1.0"}""", "/version"),
				Arguments.of(APP_CONFIG, "bad entry service name", """
						{"name": "greenhouse", "version": "1.0.0", "entryService": "Dash_board"}""", "/entryService"),
				Arguments.of(APP_CONFIG, "unknown access", """
						{"name": "greenhouse", "version": "1.0.0", "access": "private"}""", "/access"),
				Arguments.of(APP_CONFIG, "sensor count zero", """
						{"name": "greenhouse", "version": "1.0.0", "sensors": [{"type": "temperature", "count": 0}]}""",
						"/sensors/0/count"),
				Arguments.of(APP_CONFIG, "bad service name in sensors", """
						{"name": "greenhouse", "version": "1.0.0",
						 "sensors": [{"type": "temperature", "services": ["../etc"]}]}""", "/sensors/0/services/0"),
				Arguments.of(APP_CONFIG, "unknown field (typo)", """
						{"name": "greenhouse", "version": "1.0.0", "entryservice": "dashboard"}""",
						"property 'entryservice'"),
				Arguments.of(SERVICE_CONFIG, "unknown runtime", """
						{"runtime": "ruby"}""", "/runtime"), Arguments.of(SERVICE_CONFIG, "runtime missing", """
						{"http": true}""", ": required property 'runtime'"),
				Arguments.of(SERVICE_CONFIG, "command runtime without command", """
						{"runtime": "command"}""", ": required property 'command'"),
				Arguments.of(SERVICE_CONFIG, "wrong sensorDelivery", """
						{"runtime": "python", "sensorDelivery": "mqtt"}""", "/sensorDelivery"),
				Arguments.of(SERVICE_CONFIG, "http delivery to a worker", """
						{"runtime": "python", "http": false, "sensorDelivery": "http"}""", "/http"),
				Arguments.of(SERVICE_CONFIG, "env overriding PORT", """
						{"runtime": "python", "env": {"PORT": "80"}}""", "/env: property 'PORT'"),
				Arguments.of(SERVICE_CONFIG, "env value not a string", """
						{"runtime": "python", "env": {"THRESHOLD": 30}}""", "/env/THRESHOLD"),
				Arguments.of(SERVICE_CONFIG, "zero cpu", """
						{"runtime": "python", "resources": {"cpu": 0, "memoryMb": 128}}""", "/resources/cpu"),
				Arguments.of(SERVICE_CONFIG, "health path without slash", """
						{"runtime": "python", "healthPath": "health"}""", "/healthPath"),
				Arguments.of(DEPLOYMENT_REQUEST, "schedule type unknown", """
						{"schedule": {"type": "weekly"}}""", "/schedule/type"),
				Arguments.of(DEPLOYMENT_REQUEST, "cron missing", """
						{"schedule": {"type": "cron"}}""", "/schedule: required property 'cron'"),
				Arguments.of(DEPLOYMENT_REQUEST, "cron with five fields", """
						{"schedule": {"type": "cron", "cron": "0 8 * * MON-FRI"}}""", "/schedule/cron"),
				Arguments.of(DEPLOYMENT_REQUEST, "at without a time", """
						{"schedule": {"type": "at"}}""", "/schedule: required property 'at'"),
				Arguments.of(DEPLOYMENT_REQUEST, "at not a date-time", """
						{"schedule": {"type": "at", "at": "tomorrow"}}""", "/schedule/at"),
				Arguments.of(DEPLOYMENT_REQUEST, "at an impossible date", """
						{"schedule": {"type": "at", "at": "2026-13-45T08:00:00Z"}}""", "/schedule/at"),
				Arguments.of(DEPLOYMENT_REQUEST, "at without an offset", """
						{"schedule": {"type": "at", "at": "2026-12-01T08:00:00"}}""", "/schedule/at"),
				Arguments.of(DEPLOYMENT_REQUEST, "unknown field", """
						{"duration": 60}""", "property 'duration'"),
				Arguments.of(DEPLOYMENT_REQUEST, "negative duration", """
						{"durationMinutes": -5}""", "/durationMinutes"),
				Arguments.of(DEPLOYMENT_REQUEST, "instance override for a bad service name", """
						{"instances": {"Monitor": 2}}""", "/instances: property 'Monitor'"),
				Arguments.of(DEPLOYMENT_REQUEST, "instance override of zero", """
						{"instances": {"monitor": 0}}""", "/instances/monitor"),
				Arguments.of(SENSOR_TYPE, "field type unknown", """
						{"name": "temperature", "fields": [{"name": "t", "type": "float"}]}""", "/fields/0/type"),
				Arguments.of(SENSOR_TYPE, "no fields", """
						{"name": "temperature", "fields": []}""", "/fields"),
				Arguments.of(SENSOR_TYPE, "bad type name", """
						{"name": "Temp Sensor", "fields": [{"name": "t", "type": "number"}]}""", "/name"),
				Arguments.of(SENSOR_TYPE, "range on a string field", """
						{"name": "door", "fields": [{"name": "state", "type": "string", "min": 0}]}""", "/fields/0"));
	}

}
