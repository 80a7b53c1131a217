package io.iotp.sensormanager.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readings over HTTP reach {@code sensor-data} enriched, and the history, every one
 * exactly once.
 */
@SensorManagerTest
class HttpIngestionIT {

	private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Test
	void aThousandReadingsAreAcceptedPublishedOnceEachAndStoredInTheHistory() {
		Api owner = new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
		Fixtures.Registered sensor = Fixtures.sensor(owner, "hall");
		Api device = new Api(this.port).key(sensor.key());
		int accepted = 0;
		for (int request = 0; request < 10; request++) {
			List<String> readings = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				int n = request * 100 + i;
				readings.add("{\"ts\": \"" + BASE.plusSeconds(n) + "\", \"values\": {\"count\": " + n
						+ ", \"temperature\": " + (n % 50) + ".5}}");
			}
			Api.Response response = device.postJson("/api/sensors/" + sensor.id() + "/data",
					"[" + String.join(",", readings) + "]");
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			accepted += response.json().path("accepted").asInt();
		}
		assertThat(accepted).isEqualTo(1000);

		Set<String> published = new HashSet<>();
		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> probe.keyed(sensor.id()).size() >= 1000);
			List<Message> messages = probe.keyed(sensor.id());
			assertThat(messages).hasSize(1000);
			for (Message message : messages) {
				SensorReading reading = (SensorReading) message;
				published.add(reading.id());
				assertThat(reading.id()).startsWith("r-");
				assertThat(reading.type()).isEqualTo("climate");
				assertThat(reading.location()).isEqualTo("hall");
				assertThat(reading.receivedAt()).isAfter(BASE);
				assertThat(reading.ts())
					.isEqualTo(BASE.plusSeconds(((Number) reading.values().get("count")).longValue()));
			}
		}
		assertThat(published).hasSize(1000);

		// the history: every id once, newest first, in pages
		Set<String> stored = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> historyIds(owner, sensor.id(), null, null).size() == 1000);
		List<String> pages = historyIds(owner, sensor.id(), null, null);
		stored.addAll(pages);
		assertThat(stored).isEqualTo(published);
		JsonNode latest = owner.get("/api/sensors/" + sensor.id() + "/data/latest").json();
		assertThat(latest.path("values").path("count").asInt()).isEqualTo(999);
		assertThat(latest.path("ts").asString()).isEqualTo(BASE.plusSeconds(999).toString());

		// a time range: [100 s, 200 s) holds readings 100..199
		List<String> range = historyIds(owner, sensor.id(), BASE.plusSeconds(100), BASE.plusSeconds(200));
		assertThat(range).hasSize(100);
		JsonNode firstPage = owner.get("/api/sensors/" + sensor.id() + "/data?limit=3").json();
		assertThat(firstPage.path("items").findValuesAsString("ts")).containsExactly(BASE.plusSeconds(999).toString(),
				BASE.plusSeconds(998).toString(), BASE.plusSeconds(997).toString());

		// the history is the owner's: no token 401, another developer 404, bad parameters
		// 400
		Api anonymous = new Api(this.port);
		assertThat(anonymous.get("/api/sensors/" + sensor.id() + "/data").status()).isEqualTo(401);
		assertThat(anonymous.key(sensor.key()).get("/api/sensors/" + sensor.id() + "/data/latest").status())
			.isEqualTo(401);
		Api other = new Api(this.port).as(this.tokens.developer("other-" + UUID.randomUUID()));
		assertThat(other.get("/api/sensors/" + sensor.id() + "/data").status()).isEqualTo(404);
		assertThat(owner.get("/api/sensors/" + sensor.id() + "/data?limit=0").status()).isEqualTo(400);
		assertThat(owner.get("/api/sensors/" + sensor.id() + "/data?cursor=!!").status()).isEqualTo(400);
		assertThat(new Api(this.port).as(this.tokens.admin("root"))
			.get("/api/sensors/" + sensor.id() + "/data/latest")
			.status()).isEqualTo(200);
	}

	@Test
	void aBatchCarriesReadingsOfSeveralSensorsWithAllTheirKeys() {
		Api owner = new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
		Fixtures.Registered a = Fixtures.sensor(owner, "roof");
		Fixtures.Registered b = Fixtures.sensor(owner, "cellar");
		long millis = BASE.toEpochMilli();
		Api.Response response = new Api(this.port).key(a.key() + ", " + b.key()).postJson("/api/sensors/data:batch", """
				[{"sensorId": "%s", "values": {"temperature": 1}},
				 {"sensorId": "%s", "ts": %d, "values": {"temperature": 2, "on": true}},
				 {"sensorId": "%s", "values": {"status": "ok"}}]""".formatted(a.id(), b.id(), millis, a.id()));
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		assertThat(response.json().path("accepted").asInt()).isEqualTo(3);
		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> probe.keyed(a.id()).size() + probe.keyed(b.id()).size() >= 3);
			assertThat(probe.keyed(a.id())).hasSize(2)
				.allSatisfy((message) -> assertThat(((SensorReading) message).location()).isEqualTo("roof"));
			SensorReading fromB = (SensorReading) probe.keyed(b.id()).get(0);
			assertThat(fromB.location()).isEqualTo("cellar");
			assertThat(fromB.ts()).isEqualTo(BASE);
			assertThat(fromB.values()).containsEntry("on", true);
		}
	}

	private static List<String> historyIds(Api owner, String sensorId, Instant from, Instant to) {
		List<String> ids = new ArrayList<>();
		String cursor = null;
		String range = ((from != null) ? "&from=" + from : "") + ((to != null) ? "&to=" + to : "");
		Instant previous = Instant.MAX;
		do {
			JsonNode page = owner
				.get("/api/sensors/" + sensorId + "/data?limit=300" + range
						+ ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			for (JsonNode item : page.path("items")) {
				Instant ts = Instant.parse(item.path("ts").asString());
				assertThat(ts).isBeforeOrEqualTo(previous);
				previous = ts;
				ids.add(item.path("id").asString());
			}
			cursor = page.path("next").isString() ? page.path("next").asString() : null;
		}
		while (cursor != null);
		return ids;
	}

}
