package io.iotp.sensormanager.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad request a device can send gets a 4xx problem naming what is wrong,
 * and publishes nothing: at the end the only readings of the sensors on
 * {@code sensor-data} are the valid sentinels sent last.
 */
@SensorManagerTest
class BadReadingsIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Test
	void badReadingsAreRejectedWithTheReasonAndNothingIsPublished() {
		Api developer = new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
		Fixtures.Registered a = Fixtures.sensor(developer, "lab");
		Fixtures.Registered b = Fixtures.sensor(developer, "lab");
		Api device = new Api(this.port).key(a.key());
		String data = "/api/sensors/" + a.id() + "/data";
		String batch = "/api/sensors/data:batch";
		String future = Instant.now().plus(Duration.ofHours(1)).toString();

		List<Case> cases = new ArrayList<>();
		cases.add(new Case("missing key", () -> new Api(this.port).postJson(data, ok()), 401,
				"X-Sensor-Key header is missing"));
		cases.add(new Case("wrong key", () -> new Api(this.port).key("nope").postJson(data, ok()), 401,
				"with the key sent in X-Sensor-Key"));
		cases.add(new Case("another sensor's key", () -> new Api(this.port).key(b.key()).postJson(data, ok()), 401,
				"no sensor '" + a.id() + "'"));
		cases.add(new Case("unknown sensor", () -> device.postJson("/api/sensors/no-such-sensor/data", ok()), 401,
				"no sensor 'no-such-sensor'"));
		cases.add(new Case("bearer token but no key",
				() -> new Api(this.port).as(this.tokens.developer("x")).postJson(data, ok()), 401,
				"X-Sensor-Key header is missing"));
		cases.add(new Case("text for a number", () -> device.postJson(data, values("\"temperature\": \"hot\"")), 422,
				"'temperature' must be of type number"));
		cases.add(new Case("fraction for an integer", () -> device.postJson(data, values("\"count\": 1.5")), 422,
				"'count' must be of type integer"));
		cases.add(new Case("text for a boolean", () -> device.postJson(data, values("\"on\": \"yes\"")), 422,
				"'on' must be of type boolean"));
		cases.add(new Case("number for a string", () -> device.postJson(data, values("\"status\": 5")), 422,
				"'status' must be of type string"));
		cases.add(new Case("above max", () -> device.postJson(data, values("\"temperature\": 150")), 422,
				"'temperature' must be at most 100.0"));
		cases.add(new Case("below min", () -> device.postJson(data, values("\"humidity\": -1")), 422,
				"'humidity' must be at least 0.0"));
		cases.add(new Case("empty values", () -> device.postJson(data, "{\"values\": {}}"), 422,
				"a reading needs at least one value"));
		cases.add(new Case("missing values", () -> device.postJson(data, "{\"ts\": \"2026-01-01T00:00:00Z\"}"), 422,
				"a reading needs values"));
		cases.add(new Case("values not an object", () -> device.postJson(data, "{\"values\": [1, 2]}"), 422,
				"/values: must be an object"));
		cases.add(new Case("unknown field", () -> device.postJson(data, values("\"pressure\": 1013")), 422,
				"'pressure' is not a field of sensor type 'climate'"));
		cases.add(new Case("null value", () -> device.postJson(data, values("\"temperature\": null")), 422,
				"'temperature' must not be null"));
		cases.add(new Case("object for a number", () -> device.postJson(data, values("\"temperature\": {\"c\": 1}")),
				422, "'temperature' must be of type number"));
		cases.add(new Case("another sensor's id in a single reading",
				() -> device.postJson(data, "{\"sensorId\": \"" + b.id() + "\", \"values\": {\"temperature\": 1}}"),
				422, "unknown property 'sensorId'"));
		cases.add(new Case("one bad reading among good ones",
				() -> device.postJson(data, "[" + ok() + "," + ok() + "," + values("\"temperature\": 999") + "]"), 422,
				"/2/values: 'temperature' must be at most 100.0"));
		cases.add(new Case("malformed JSON", () -> device.postJson(data, "{\"values\": {\"temperature\": 1"), 400,
				"not valid JSON"));
		cases.add(new Case("empty body", () -> device.postJson(data, ""), 400, "the body is empty"));
		cases.add(new Case("a bare number", () -> device.postJson(data, "42"), 422,
				"must be a reading {ts?, values} or an array"));
		cases.add(new Case("empty array", () -> device.postJson(data, "[]"), 422, "the array of readings is empty"));
		cases.add(new Case("future timestamp",
				() -> device.postJson(data, "{\"ts\": \"" + future + "\", \"values\": {\"temperature\": 1}}"), 422,
				"ahead of the platform's clock"));
		cases.add(new Case("unparsable timestamp",
				() -> device.postJson(data, "{\"ts\": \"yesterday\", \"values\": {\"temperature\": 1}}"), 422,
				"/ts: must be an ISO-8601 instant"));
		cases.add(new Case("oversized body", () -> device.postJson(data, oversized()), 413,
				"bytes; at most 262144 are accepted"));
		cases.add(new Case("too many readings", () -> device.postJson(data, many(2001)), 413,
				"2001 readings in one request; at most 2000"));
		cases.add(new Case("wrong content type",
				() -> device.post(data, "text/plain", ok().getBytes(StandardCharsets.UTF_8)), 415, ""));
		cases.add(new Case("no content type", () -> device.post(data, null, ok().getBytes(StandardCharsets.UTF_8)), 415,
				""));
		cases.add(new Case("batch: reading for another sensor without its key",
				() -> device.postJson(batch, "[" + item(a.id()) + "," + item(b.id()) + "]"), 401,
				"/1/sensorId: no sensor '" + b.id() + "'"));
		cases.add(new Case("batch: reading without a sensorId",
				() -> device.postJson(batch, "[" + item(a.id()) + ", {\"values\": {\"temperature\": 1}}]"), 422,
				"/1/sensorId: each reading of a batch names its sensorId"));
		cases.add(new Case("batch: not an array", () -> device.postJson(batch, item(a.id())), 422,
				"a batch must be an array"));
		cases.add(new Case("batch: no keys", () -> new Api(this.port).postJson(batch, "[" + item(a.id()) + "]"), 401,
				"X-Sensor-Key header is missing"));
		cases.add(new Case("batch: out of range for one sensor",
				() -> new Api(this.port).key(a.key() + "," + b.key())
					.postJson(batch,
							"[" + item(a.id()) + ", {\"sensorId\": \"" + b.id()
									+ "\", \"values\": {\"humidity\": 101}}]"),
				422, "/1/values: 'humidity' must be at most 100.0"));

		for (Case bad : cases) {
			Api.Response response = bad.request().get();
			assertThat(response.status()).as(bad.name() + ": " + response).isEqualTo(bad.status());
			assertThat(response.contentType()).as(bad.name()).startsWith("application/problem+json");
			assertThat(response.json().path("detail").asString()).as(bad.name() + ": " + response)
				.contains(bad.detail());
		}
		assertThat(cases).hasSizeGreaterThanOrEqualTo(20);

		// the sentinels, sent last: the only readings of these sensors ever published
		assertThat(device.postJson(data, values("\"status\": \"sentinel-a\"")).status()).isEqualTo(202);
		assertThat(new Api(this.port).key(b.key())
			.postJson("/api/sensors/" + b.id() + "/data", values("\"status\": \"sentinel-b\""))
			.status()).isEqualTo(202);
		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> probe.keyed(a.id()).size() + probe.keyed(b.id()).size() >= 2);
			assertThat(statuses(probe.keyed(a.id()))).containsExactly("sentinel-a");
			assertThat(statuses(probe.keyed(b.id()))).containsExactly("sentinel-b");
		}
	}

	private static List<Object> statuses(List<Message> messages) {
		return messages.stream().map((message) -> ((SensorReading) message).values().get("status")).toList();
	}

	private static String ok() {
		return values("\"temperature\": 21.5");
	}

	private static String values(String values) {
		return "{\"values\": {" + values + "}}";
	}

	private static String item(String sensorId) {
		return "{\"sensorId\": \"" + sensorId + "\", \"values\": {\"temperature\": 20}}";
	}

	private static String many(int count) {
		List<String> readings = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			readings.add(values("\"count\": " + i));
		}
		return "[" + String.join(",", readings) + "]";
	}

	private static String oversized() {
		return "{\"values\": {\"status\": \"" + "x".repeat(300 * 1024) + "\"}}";
	}

	private record Case(String name, Supplier<Api.Response> request, int status, String detail) {
	}

}
