package io.iotp.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.annotation.KafkaListener;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.ids.AlertId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.Topics;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.errors.RetryLaterException;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.starter.security.TestTokens;
import io.iotp.starter.security.TestTokensInitializer;

/**
 * The starter in a real servlet application against a real (embedded, KRaft) Kafka
 * broker: heartbeats and shipped logs arrive as contract envelopes, health and metrics
 * answer, errors are problems.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PlatformStarterIT.TestService.class,
		properties = { "spring.application.name=starter-test", "iotp.platform.heartbeat-interval=200ms" })
@EmbeddedKafka(partitions = 1, topics = { TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS, TopicNames.NOTIFY_ADMIN },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = TestTokensInitializer.class)
class PlatformStarterIT {

	private static final Logger log = LoggerFactory.getLogger(PlatformStarterIT.class);

	@LocalServerPort
	int port;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	TestTokens tokens;

	private final HttpClient http = HttpClient.newHttpClient();

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private KafkaConsumer<String, byte[]> consumer;

	@BeforeEach
	void subscribe() {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS));
	}

	@AfterEach
	void close() {
		this.consumer.close();
	}

	@Test
	void heartbeatsArriveOnKafkaAsEnvelopesAndTurnUpOnceReady() {
		List<Envelope<Message>> heartbeats = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.consumer.poll(Duration.ofMillis(200))
				.records(TopicNames.HEARTBEAT)
				.forEach(record -> heartbeats.add(this.codec.decode(record.value())));
			assertThat(heartbeats).extracting(Envelope::payload)
				.hasAtLeastOneElementOfType(Heartbeat.class)
				.anySatisfy(message -> assertThat(((Heartbeat) message).status()).isEqualTo(HeartbeatStatus.UP));
		});
		Envelope<Message> envelope = heartbeats.getLast();
		Heartbeat heartbeat = (Heartbeat) envelope.payload();
		assertThat(envelope.type()).isEqualTo("heartbeat");
		assertThat(envelope.source()).isEqualTo("starter-test");
		assertThat(heartbeat.componentId()).isEqualTo("starter-test");
		assertThat(heartbeat.kind()).isEqualTo(ComponentKind.SERVICE);
		assertThat(heartbeat.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(heartbeat.instanceId()).startsWith("starter-test-");
	}

	@Test
	void logLinesAreShippedWithTheirCorrelationIds() {
		String marker = "shipped-" + UUID.randomUUID();
		try (MDC.MDCCloseable deployment = MDC.putCloseable("deploymentId", "d-42");
				MDC.MDCCloseable correlation = MDC.putCloseable("correlationId", "corr-7")) {
			log.info("line {}", marker);
		}
		List<Envelope<Message>> logs = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.consumer.poll(Duration.ofMillis(200))
				.records(TopicNames.PLATFORM_LOGS)
				.forEach(record -> logs.add(this.codec.decode(record.value())));
			assertThat(logs).anyMatch(e -> ((LogEntry) e.payload()).message().equals("line " + marker));
		});
		Envelope<Message> envelope = logs.stream()
			.filter(e -> ((LogEntry) e.payload()).message().equals("line " + marker))
			.findFirst()
			.orElseThrow();
		LogEntry entry = (LogEntry) envelope.payload();
		assertThat(envelope.correlationId()).isEqualTo("corr-7");
		assertThat(entry.source()).isEqualTo("starter-test");
		assertThat(entry.level()).isEqualTo("INFO");
		assertThat(entry.logger()).isEqualTo(PlatformStarterIT.class.getName());
		assertThat(entry.context()).containsEntry("deploymentId", "d-42");
	}

	@Test
	void healthIsUpOnlyWithKafkaAndMetricsAreExposed() throws Exception {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"").contains("kafkaHeartbeat");
		});
		HttpResponse<String> metrics = get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void platformErrorsAreProblemsWithCodeAndHint() throws Exception {
		HttpResponse<String> response = get("/boom");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"code\":\"resource.conflict\"")
			.contains("\"detail\":\"app 'greenhouse' belongs to someone else\"")
			.contains("\"hint\"");
	}

	@Test
	void malformedJsonIsA400ProblemAndUnknownPathsA404Problem() throws Exception {
		HttpResponse<String> malformed = this.http.send(HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.tokens.developer("dev"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": "))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(malformed.body()).contains("\"code\":\"request.malformed\"");

		HttpResponse<String> missing = get("/no/such/path");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(missing.body()).contains("\"code\":\"resource.not-found\"");
	}

	@Test
	void aRefusalToRetryLaterCarriesRetryAfter() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/slow-down"))
			.header("Authorization", "Bearer " + this.tokens.developer("alice"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(response.body()).contains("\"code\":\"rate.limited\"").contains("too many readings");
	}

	@Test
	void unexpectedFailuresAre500ProblemsWithoutInternals() throws Exception {
		HttpResponse<String> response = get("/crash");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("\"code\":\"internal\"").doesNotContain("secret-internal-state");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + this.tokens.developer("dev"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void theRequestsCorrelationIdIsAnsweredLoggedAndPutOnPublishedEvents() throws Exception {
		String marker = "traced-" + UUID.randomUUID();
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/traced?marker=" + marker))
			.header("Authorization", "Bearer " + this.tokens.developer("alice"))
			.header("X-Correlation-Id", "corr-from-gateway")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("corr-from-gateway");

		List<Envelope<Message>> logs = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.consumer.poll(Duration.ofMillis(200))
				.records(TopicNames.PLATFORM_LOGS)
				.forEach(record -> logs.add(this.codec.decode(record.value())));
			assertThat(logs).filteredOn(e -> ((LogEntry) e.payload()).message().contains(marker)).hasSize(2);
		});
		assertThat(logs).filteredOn(e -> ((LogEntry) e.payload()).message().contains(marker))
			.allSatisfy(e -> assertThat(e.correlationId()).isEqualTo("corr-from-gateway"))
			.anySatisfy(e -> assertThat(((LogEntry) e.payload()).source()).isEqualTo("traced-event"));

		HttpResponse<String> unmarked = this.http.send(HttpRequest.newBuilder(uri("/actuator/health"))
			.header("X-Correlation-Id", "not an id, has spaces")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unmarked.headers().firstValue("X-Correlation-Id"))
			.hasValueSatisfying(id -> assertThat(id).matches("c-[0-9a-f]{16}"));
	}

	@Test
	void aListenerLogsWithTheCorrelationIdOfTheMessageItHandles() throws Exception {
		String marker = "alert-" + UUID.randomUUID();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(TopicNames.NOTIFY_ADMIN, "a-1", this.codec.encode(Envelope.of("test",
						"corr-from-kafka", new AdminAlert(AlertId.random(), AlertSeverity.WARNING, "test", marker,
								"message", Instant.now(), false)))))
				.get();
		}
		List<Envelope<Message>> logs = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.consumer.poll(Duration.ofMillis(200))
				.records(TopicNames.PLATFORM_LOGS)
				.forEach(record -> logs.add(this.codec.decode(record.value())));
			assertThat(logs).anyMatch(e -> ((LogEntry) e.payload()).message().equals("heard " + marker));
		});
		assertThat(logs).filteredOn(e -> ((LogEntry) e.payload()).message().equals("heard " + marker))
			.singleElement()
			.satisfies(e -> assertThat(e.correlationId()).isEqualTo("corr-from-kafka"));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@SpringBootApplication
	@Import(TestEndpoints.class)
	static class TestService {

	}

	@RestController
	static class TestEndpoints {

		private final MessagePublisher publisher;

		TestEndpoints(MessagePublisher publisher) {
			this.publisher = publisher;
		}

		@KafkaListener(topics = TopicNames.NOTIFY_ADMIN)
		void on(Envelope<Message> envelope) {
			if (envelope.payload() instanceof AdminAlert alert) {
				log.info("heard {}", alert.subject());
			}
		}

		@GetMapping("/traced")
		String traced(@RequestParam String marker) throws Exception {
			log.info("handling {}", marker);
			this.publisher
				.publish(Topics.PLATFORM_LOGS,
						new LogEntry("traced-event", "i-1", Instant.now(), "INFO", "test", null, "event " + marker,
								null, Map.of()))
				.get();
			return "ok";
		}

		@GetMapping("/boom")
		String boom() {
			throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "app 'greenhouse' belongs to someone else");
		}

		@GetMapping("/slow-down")
		String slowDown() {
			throw new RetryLaterException(ErrorCodes.RATE_LIMITED, "too many readings", Duration.ofMillis(1500));
		}

		@GetMapping("/crash")
		String crash() {
			throw new IllegalStateException("secret-internal-state");
		}

		@PostMapping("/echo")
		Map<String, Object> echo(@RequestBody Map<String, Object> body) {
			return body;
		}

	}

}
