package io.iotp.sensormanager.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.iotp.sensormanager.mqtt.MqttServer;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion rates in the test JVM (which also runs the Kafka broker, the MongoDB
 * wire-protocol server and the history writer on the same two cores, so the figures are a
 * floor). Run on demand:
 * {@code ./mvnw -pl sensor-manager verify -Dit.test=IngestionBenchIT -Diotp.bench=true
 * -Diotp.sensors.ingest.readings-per-second=0} (one sensor sends it all, so its rate
 * limit is lifted).
 */
@SensorManagerTest
@EnabledIfSystemProperty(named = "iotp.bench", matches = "true",
		disabledReason = "BENCHMARK SKIPPED: IngestionBenchIT measures only with -Diotp.bench=true and the per-sensor "
				+ "rate limit lifted; the suite's smoke run of ingestion is BenchSmokeIT (bench/sensor_throughput.py --smoke)")
class IngestionBenchIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	MqttServer mqtt;

	@Test
	void rates() throws Exception {
		Api owner = new Api(this.port).as(this.tokens.developer("bench-" + UUID.randomUUID()));
		Fixtures.Registered sensor = Fixtures.sensor(owner, "bench");
		Api device = new Api(this.port).key(sensor.key());
		String path = "/api/sensors/" + sensor.id() + "/data";
		List<String> readings = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			readings.add("{\"values\": {\"count\": " + i + ", \"temperature\": 21.5}}");
		}
		String array = "[" + String.join(",", readings) + "]";
		String single = "{\"values\": {\"count\": 1, \"temperature\": 21.5}}";

		// single readings first, before the history writer has a backlog competing for
		// the cores
		rate("warm-up", 4, 10, () -> device.postJson(path, array), 2000);
		rate("HTTP single reading", 16, 500, () -> device.postJson(path, single), 1);
		rate("HTTP batch of 2,000", 4, 40, () -> device.postJson(path, array), 2000);
		mqttRate(sensor, 2000);
		mqttRate(sensor, 30000);
	}

	private void rate(String name, int threads, int requestsPerThread, Supplier<Api.Response> request,
			int readingsPerRequest) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < requestsPerThread; i++) {
						Api.Response response = request.get();
						assertThat(response.status()).as(response.toString()).isEqualTo(202);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(5, TimeUnit.MINUTES);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long total = (long) threads * requestsPerThread * readingsPerRequest;
			System.out.printf("BENCH %s: %d readings in %.2f s = %.0f readings/s (%.0f requests/s)%n", name, total,
					seconds, total / seconds, threads * requestsPerThread / seconds);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void mqttRate(Fixtures.Registered sensor, int messages) throws Exception {
		Mqtt5AsyncClient client = Mqtt5Client.builder()
			.identifier("bench-" + UUID.randomUUID())
			.serverHost("127.0.0.1")
			.serverPort(this.mqtt.port())
			.buildAsync();
		client.connectWith()
			.simpleAuth()
			.username(sensor.id())
			.password(sensor.key().getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.send()
			.get(10, TimeUnit.SECONDS);
		try {
			byte[] payload = "{\"values\": {\"count\": 1, \"temperature\": 21.5}}".getBytes(StandardCharsets.UTF_8);
			long start = System.nanoTime();
			List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				sent.add(client.publishWith()
					.topic("sensors/" + sensor.id() + "/data")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(payload)
					.send());
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
			double seconds = (System.nanoTime() - start) / 1e9;
			for (CompletableFuture<Mqtt5PublishResult> result : sent) {
				assertThat(result.get().getError()).isEmpty();
			}
			System.out.printf("BENCH MQTT 5 QoS 1, one reading per message: %d messages in %.2f s = %.0f messages/s%n",
					messages, seconds, messages / seconds);
		}
		finally {
			client.disconnect().get(5, TimeUnit.SECONDS);
		}
	}

}
