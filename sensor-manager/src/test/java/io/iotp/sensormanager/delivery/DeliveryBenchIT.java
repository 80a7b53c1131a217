package io.iotp.sensormanager.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.contracts.service.ServiceRegistered;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery rates in the test JVM, which also runs the Kafka broker, the MongoDB
 * wire-protocol server and the receiving HTTP server on the same two cores (so the
 * figures are a floor): readings put on {@code sensor-data} as fast as Kafka takes them
 * until an app instance has every one over HTTP, and the latency from a reading's
 * {@code receivedAt} to the instance's receipt at a fixed 5,000/s. The suite runs it with
 * 2,000 readings at 1,000/s to check that it works; measure with
 * {@code ./mvnw -pl sensor-manager -am verify -Dit.test=DeliveryBenchIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Diotp.bench=true}.
 */
@SpringBootTest(classes = SensorBindingIT.BindingOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.application.name=sensor-manager", "iotp.platform.ship-logs=false",
				"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SENSOR_DATA, TopicNames.SENSOR_BINDING_REQUEST, TopicNames.SENSOR_BINDING_RESPONSE,
				TopicNames.DEPLOYMENT_STATUS, TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT,
				TopicNames.SENSOR_TYPES })
class DeliveryBenchIT {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_ADDRESS.getPort() + "/sensor-manager");
	}

	@AfterAll
	static void stopMongo() {
		MONGO.shutdownNow();
	}

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	@Autowired
	MongoTemplate mongo;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	/** Measuring (-Diotp.bench=true), or the suite's smoke run with small counts. */
	private static final boolean MEASURING = Boolean.getBoolean("iotp.bench");

	private static final int WARM_UP = MEASURING ? 5_000 : 500;

	private static final int COUNT = MEASURING ? 50_000 : 2_000;

	private static final int PACED_RATE = MEASURING ? 5_000 : 1_000;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Set<String> delivered = ConcurrentHashMap.newKeySet();

	private final List<Long> latenciesMicros = new CopyOnWriteArrayList<>();

	@Test
	void rates() throws Exception {
		HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		ExecutorService handlers = Executors.newFixedThreadPool(4);
		app.setExecutor(handlers);
		app.createContext("/sensor-data", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Instant now = Instant.now();
			for (JsonNode reading : this.json.readTree(body)) {
				if (this.delivered.add(reading.get("id").asString())) {
					Duration latency = Duration.between(Instant.parse(reading.get("receivedAt").asString()), now);
					this.latenciesMicros.add(latency.toNanos() / 1000);
				}
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		app.start();
		List<String> sensors = List.of("s-bench-1", "s-bench-2", "s-bench-3", "s-bench-4");
		for (String sensor : sensors) {
			this.mongo.getCollection("sensors")
				.insertOne(new Document("_id", sensor).append("type", "temperature")
					.append("location", "bench")
					.append("owner", "bench")
					.append("createdAt", new java.util.Date()));
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), new ByteArraySerializer())) {
			DeploymentId deployment = DeploymentId.random();
			producer.send(new ProducerRecord<>(TopicNames.REGISTER_SERVICE, "bench/web",
					this.codec.encode(Envelope.of("test", null,
							new ServiceRegistered(AppId.of("bench"), "web", InstanceId.random(), deployment,
									NodeId.of("n-1"), "http://127.0.0.1:" + app.getAddress().getPort(), null, true,
									AppAccess.PUBLIC)))))
				.get();
			SensorBindingRequest bind = new SensorBindingRequest("q-bench", deployment, AppId.of("bench"), "bench",
					List.of(new SensorRequirement("temperature", "bench", 4, List.of())), Map.of(),
					Map.of("web", SensorDelivery.HTTP));
			ProducerRecord<String, byte[]> request = new ProducerRecord<>(TopicNames.SENSOR_BINDING_REQUEST,
					deployment.value(), this.codec.encode(Envelope.of("test", null, bind)));
			request.headers()
				.add(KafkaHeaders.REPLY_TOPIC, TopicNames.SENSOR_BINDING_RESPONSE.getBytes(StandardCharsets.UTF_8));
			request.headers()
				.add(KafkaHeaders.CORRELATION_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
			producer.send(request).get();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.mongo.getCollection("sensor_bindings")
					.countDocuments(new Document("_id", deployment.value())) == 1);

			// warm-up, then throughput
			send(producer, sensors, "w-", WARM_UP, 0);
			await().atMost(Duration.ofSeconds(60)).until(() -> this.delivered.size() == WARM_UP);
			int count = COUNT;
			long start = System.nanoTime();
			send(producer, sensors, "t-", count, 0);
			await().atMost(Duration.ofSeconds(120)).until(() -> this.delivered.size() == WARM_UP + count);
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(
					"%nBENCH delivery throughput: %d readings from sensor-data to the app over HTTP in %.2f s = %.0f readings/s%n",
					count, seconds, count / seconds);

			// latency at a fixed rate (5,000 readings/s for 10 s when measuring)
			this.latenciesMicros.clear();
			int before = this.delivered.size();
			send(producer, sensors, "l-", COUNT, PACED_RATE);
			await().atMost(Duration.ofSeconds(60)).until(() -> this.delivered.size() == before + COUNT);
			List<Long> sorted = new ArrayList<>(this.latenciesMicros);
			long[] values = sorted.stream().mapToLong(Long::longValue).sorted().toArray();
			System.out.printf(
					"BENCH delivery latency at %,d/s (receivedAt on sensor-data -> app receipt): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d readings)%s%n%n",
					PACED_RATE, values[values.length / 2] / 1000.0, values[(int) (values.length * 0.99)] / 1000.0,
					values[values.length - 1] / 1000.0, values.length,
					MEASURING ? "" : " (smoke run: the figures mean nothing)");
			assertThat(Arrays.stream(values).count()).isEqualTo(COUNT);
		}
		finally {
			app.stop(0);
			handlers.shutdownNow();
		}
	}

	/**
	 * Sends {@code count} readings, as fast as possible when {@code rate} is 0, else
	 * paced to it.
	 */
	private void send(KafkaProducer<String, byte[]> producer, List<String> sensors, String prefix, int count,
			int rate) {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			if (rate > 0) {
				long due = start + (long) (i * (1e9 / rate));
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			String sensor = sensors.get(i % sensors.size());
			Instant now = Instant.now();
			SensorReading reading = new SensorReading(prefix + i, SensorId.of(sensor), "temperature", "bench", now, now,
					Map.of("temperature", 21.5));
			producer.send(new ProducerRecord<>(TopicNames.SENSOR_DATA, sensor,
					this.codec.encode(Envelope.of("bench", null, reading))));
		}
		producer.flush();
	}

}
