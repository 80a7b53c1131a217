package io.iotp.sensormanager.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.TopicNames;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;

/**
 * A sensor sending more than its rate (default 1,000 readings/s, 3,000 at once) gets 429
 * with {@code Retry-After}, and nothing of the refused request is published; other
 * sensors are not held up.
 */
@SensorManagerTest
class ReadingRateIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Test
	void aSensorOverItsRateIsTold429WithRetryAfterAndNothingOfThatRequestIsPublished() {
		Api owner = new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
		// Two requests of 2,000 within a second exceed the burst of 3,000 whatever the
		// refill; on a
		// machine so loaded that a second passes between them, try again with a new
		// sensor.
		for (int attempt = 1; attempt <= 3; attempt++) {
			Fixtures.Registered sensor = Fixtures.sensor(owner, "rate");
			Api device = new Api(this.port).key(sensor.key());
			String path = "/api/sensors/" + sensor.id() + "/data";
			long start = System.nanoTime();
			assertThat(device.postJson(path, readings(2000)).status()).isEqualTo(202);
			Api.Response over = device.postJson(path, readings(2000));
			if (System.nanoTime() - start > Duration.ofMillis(900).toNanos() && over.status() == 202) {
				continue;
			}
			assertThat(over.status()).as(over.toString()).isEqualTo(429);
			assertThat(over.contentType()).startsWith("application/problem+json");
			assertThat(over.text()).contains("\"code\":\"rate.limited\"").contains("1000 per second");
			assertThat(Integer.parseInt(over.retryAfter())).isBetween(1, 3);

			Fixtures.Registered other = Fixtures.sensor(owner, "rate");
			assertThat(new Api(this.port).key(other.key())
				.postJson("/api/sensors/" + other.id() + "/data", readings(100))
				.status()).isEqualTo(202);

			try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> probe.keyed(other.id()).size() >= 100);
				assertThat(probe.keyed(sensor.id())).hasSize(2000);
			}
			return;
		}
		throw new AssertionError("two requests never came within a second of each other in 3 attempts");
	}

	private static String readings(int count) {
		List<String> readings = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			readings.add("{\"values\": {\"count\": " + i + "}}");
		}
		return "[" + String.join(",", readings) + "]";
	}

}
