package io.iotp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.testsupport.FreePorts;

/**
 * The gateway balancing platform services' calls over the replicas that heartbeat, with
 * their stand-ins answering as the replica they are: round robin over those that say UP,
 * no failed call when one is killed (a refused connection goes on to the next), a replica
 * that says it stops no longer called, readings on the hot path balanced and retried
 * alike, and the configured address used only while no replica has been heard from.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=api-gateway", "iotp.gateway.replica-fresh-for=3s" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@DirtiesContext // its stand-ins stop with the class
class ServiceReplicasIT {

	private static final TestInfra INFRA = TestInfra.start();

	/** Where the configuration says the logger is: nothing listens there. */
	private static final int CONFIGURED_LOGGER = FreePorts.any();

	/** Where the configuration says sensor-manager is: nothing listens there either. */
	private static final int CONFIGURED_SENSOR_MANAGER = FreePorts.any();

	/** Where the configuration says node-manager is; no replica of it heartbeats. */
	private static final int CONFIGURED_NODE_MANAGER = FreePorts.any();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		INFRA.register(registry);
		registry.add("iotp.services.logger", () -> "http://127.0.0.1:" + CONFIGURED_LOGGER);
		registry.add("iotp.services.sensor-manager", () -> "http://127.0.0.1:" + CONFIGURED_SENSOR_MANAGER);
		registry.add("iotp.services.node-manager", () -> "http://127.0.0.1:" + CONFIGURED_NODE_MANAGER);
	}

	@AfterAll
	static void stopInfra() {
		INFRA.close();
	}

	@LocalServerPort
	int port;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<HttpServer> replicas = new ArrayList<>();

	private KafkaProducer<String, byte[]> producer;

	@BeforeEach
	void connect() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach((server) -> server.stop(0));
		this.producer.close();
	}

	@Test
	void callsGoRoundRobinToTheReplicasThatHeartbeatAndNoneFailsWhenOneIsKilled() throws Exception {
		String token = TestInfra.adminToken(this.port);
		HttpServer first = replica("logger-a", 200);
		HttpServer second = replica("logger-b", 200);

		Set<String> answeredBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			heartbeat("logger", "logger-a", first, HeartbeatStatus.UP);
			heartbeat("logger", "logger-b", second, HeartbeatStatus.UP);
			HttpResponse<String> answer = get("/api/logs", token);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			answeredBy.add(answer.body());
			assertThat(answeredBy).containsExactlyInAnyOrder("logger-a /api/logs", "logger-b /api/logs");
		});

		// killed outright: its heartbeat is still fresh, so the gateway learns it only
		// from the refused connection, and the call goes to the other
		first.stop(0);
		List<String> answers = new ArrayList<>();
		for (int call = 0; call < 20; call++) {
			HttpResponse<String> answer = get("/api/logs", token);
			assertThat(answer.statusCode()).as("call %d: %s", call, answer.body()).isEqualTo(200);
			answers.add(answer.body());
		}
		assertThat(answers).containsOnly("logger-b /api/logs");
	}

	@Test
	void aReplicaThatSaysItStopsOrFallsSilentIsNoLongerCalled() throws Exception {
		String token = TestInfra.adminToken(this.port);
		HttpServer stopping = replica("monitoring-a", 200);
		HttpServer silent = replica("monitoring-b", 200);
		HttpServer staying = replica("monitoring-c", 200);
		Set<String> answeredBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			heartbeat("monitoring", "monitoring-a", stopping, HeartbeatStatus.UP);
			heartbeat("monitoring", "monitoring-b", silent, HeartbeatStatus.UP);
			heartbeat("monitoring", "monitoring-c", staying, HeartbeatStatus.UP);
			answeredBy.add(get("/api/monitoring/health", token).body());
			assertThat(answeredBy).hasSize(3);
		});

		heartbeat("monitoring", "monitoring-a", stopping, HeartbeatStatus.STOPPING);
		// monitoring-b is heard no more; monitoring-c goes on
		Instant silentSince = Instant.now();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
			heartbeat("monitoring", "monitoring-c", staying, HeartbeatStatus.UP);
			Set<String> recent = new HashSet<>();
			for (int call = 0; call < 6; call++) {
				HttpResponse<String> answer = get("/api/monitoring/health", token);
				assertThat(answer.statusCode()).isEqualTo(200);
				recent.add(answer.body());
			}
			assertThat(recent).containsOnly("monitoring-c /api/monitoring/health");
		});
		assertThat(Duration.between(silentSince, Instant.now())).as("a silent replica is passed over after 3 s")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void readingsOnTheHotPathGoToTheReplicasOfSensorManagerNotToItsConfiguredAddress() throws Exception {
		HttpServer first = replica("sensor-manager-a", 202);
		HttpServer second = replica("sensor-manager-b", 202);
		Set<String> answeredBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			heartbeat("sensor-manager", "sensor-manager-a", first, HeartbeatStatus.UP);
			heartbeat("sensor-manager", "sensor-manager-b", second, HeartbeatStatus.UP);
			HttpResponse<String> answer = reading();
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			answeredBy.add(answer.body());
			assertThat(answeredBy).containsExactlyInAnyOrder("sensor-manager-a /api/sensors/s-1/data",
					"sensor-manager-b /api/sensors/s-1/data");
		});

		// killed outright: the reading sent to it never reached it and goes to the other
		second.stop(0);
		List<String> answers = new ArrayList<>();
		for (int call = 0; call < 20; call++) {
			HttpResponse<String> answer = reading();
			assertThat(answer.statusCode()).as("call %d: %s", call, answer.body()).isEqualTo(202);
			answers.add(answer.body());
		}
		assertThat(answers).containsOnly("sensor-manager-a /api/sensors/s-1/data");
	}

	@Test
	void withNoReplicaHeardFromACallGoesToTheConfiguredAddress() throws Exception {
		HttpServer configured = HttpServer.create(new InetSocketAddress("127.0.0.1", CONFIGURED_NODE_MANAGER), 0);
		configured.createContext("/", (exchange) -> {
			byte[] body = "configured".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		configured.start();
		this.replicas.add(configured);

		HttpResponse<String> answer = get("/api/nodes", TestInfra.adminToken(this.port));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("configured");
	}

	private HttpServer replica(String name, int status) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] body = (name + " " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		this.replicas.add(server);
		return server;
	}

	private void heartbeat(String service, String replica, HttpServer server, HeartbeatStatus status) throws Exception {
		Heartbeat heartbeat = new Heartbeat(service, ComponentKind.SERVICE, replica, "host-1", 1, "test", status,
				Instant.now(), "http://127.0.0.1:" + server.getAddress().getPort());
		this.producer
			.send(new ProducerRecord<>(TopicNames.HEARTBEAT, service,
					new EnvelopeCodec().encode(Envelope.of(service, null, heartbeat))))
			.get();
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> reading() throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/sensors/s-1/data"))
				.header("X-Sensor-Key", "key-1")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"values\":{\"t\":1}}"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
