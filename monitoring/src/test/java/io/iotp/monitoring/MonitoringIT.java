package io.iotp.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;
import io.iotp.starter.security.TestTokens;
import io.iotp.starter.security.TestTokensInitializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failure detector against a real Kafka broker and the MongoDB wire protocol, with
 * fast timeouts: silence makes a service SUSPECT then DOWN, raises one alert delivered to
 * a webhook, runs the restart command; heartbeats again resolve it. A dead node's
 * instances are declared LOST; an instance failed for good raises an alert its healthy
 * replacement resolves; failed deployments and overloaded nodes raise alerts; a service
 * that stopped on request is neither alerted on nor restarted. Critical alerts are also
 * mailed to a fake SMTP relay.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=monitoring", "iotp.monitoring.suspect-after=1s",
				"iotp.monitoring.down-after=2s", "iotp.monitoring.leader.renew-every=500ms",
				"iotp.monitoring.restart.initial-backoff=30s", "iotp.monitoring.alerts.webhook-backoff=100ms" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.HEARTBEAT, TopicNames.NODE_HEARTBEAT, TopicNames.INSTANCE_STATUS,
				TopicNames.DEPLOYMENT_STATUS, TopicNames.NOTIFY_ADMIN, TopicNames.PLATFORM_LOGS })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class MonitoringIT {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	private static final List<String> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();

	private static final HttpServer WEBHOOK = webhook();

	private static final Path RESTARTS = restartsFile();

	private static final FakeSmtpRelay SMTP = smtpRelay();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_ADDRESS.getPort() + "/monitoring");
		registry.add("iotp.monitoring.alerts.webhook-url",
				() -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/alerts");
		// the restart command notes which call it was; the real one is iotp up
		registry.add("iotp.monitoring.restart.command[0]", () -> "/bin/sh");
		registry.add("iotp.monitoring.restart.command[1]", () -> "-c");
		registry.add("iotp.monitoring.restart.command[2]", () -> "echo restart >> " + RESTARTS);
		registry.add("iotp.monitoring.alerts.smtp.host", () -> "127.0.0.1");
		registry.add("iotp.monitoring.alerts.smtp.port", SMTP::port);
		registry.add("iotp.monitoring.alerts.smtp.to[0]", () -> "ops@example.test");
		registry.add("iotp.monitoring.alerts.smtp.min-severity", () -> "CRITICAL");
	}

	@AfterAll
	static void stopServers() throws IOException {
		MONGO.shutdownNow();
		WEBHOOK.stop(0);
		SMTP.close();
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private KafkaProducer<String, byte[]> producer;

	@BeforeEach
	void connect() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void disconnect() {
		this.producer.close();
	}

	@Test
	void aSilentServiceIsSuspectThenDownAlertedAndRestartedAndResolvedWhenItBeatsAgain() throws Exception {
		String service = "svc-" + suffix();
		awaitUp(service, () -> heartbeat(service, HeartbeatStatus.UP));

		// silence: SUSPECT after 1 s, DOWN after 2 s
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(state(service)).isEqualTo("DOWN"));
		JsonNode alert = await().atMost(Duration.ofSeconds(5))
			.until(() -> openAlert("component-down", service), a -> a != null);
		assertThat(alert.get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(alert.get("message").asString()).contains(service).contains("is DOWN");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.exists(RESTARTS)).isTrue());
		HttpResponse<String> health = get("/api/monitoring/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(health.body()).contains("\"status\":\"DOWN\"");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(WEBHOOK_CALLS)
				.anyMatch(call -> call.contains(alert.get("id").asString()) && call.contains("\"resolved\":false")));

		// restarted: alive but still starting is not UP yet
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			heartbeat(service, HeartbeatStatus.STARTING);
			assertThat(state(service)).isEqualTo("DOWN");
		});
		awaitUp(service, () -> heartbeat(service, HeartbeatStatus.UP));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode resolved = alert(alert.get("id").asString());
			assertThat(resolved.get("resolvedAt").isNull()).isFalse();
			assertThat(resolved.get("resolution").asString()).contains("UP again");
		});
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(WEBHOOK_CALLS)
				.anyMatch(call -> call.contains(alert.get("id").asString()) && call.contains("\"resolved\":true")));
		assertThat(alerts("component-down").stream().filter(a -> a.get("subject").asString().equals(service)))
			.as("one alert for one fault")
			.hasSize(1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(SMTP.messages())
				.anyMatch(mail -> mail.contains("Subject: [iotp] CRITICAL component-down: " + service)
						&& mail.contains("To: <ops@example.test>"))
				.anyMatch(mail -> mail.contains("Subject: [iotp] RESOLVED CRITICAL component-down: " + service)));
		JsonNode history = JSON.readTree(get("/api/monitoring/components/" + service).body()).get("history");
		List<String> states = history.valueStream().map(h -> h.get("to").asString()).toList();
		// newest first
		assertThat(states).containsSubsequence("UP", "DOWN", "SUSPECT", "UP");
		// only one restart for the fault: the back-off is 30 s in this test
		assertThat(Files.readAllLines(RESTARTS)).hasSize(1);
	}

	@Test
	void aServiceThatStoppedOnRequestIsDownWithoutAlertOrRestart() throws Exception {
		String service = "stopped-" + suffix();
		awaitUp(service, () -> heartbeat(service, HeartbeatStatus.UP));

		heartbeat(service, HeartbeatStatus.STOPPING);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode component = component(service);
			assertThat(component.get("state").asString()).isEqualTo("DOWN");
			assertThat(component.get("stopped").asBoolean()).isTrue();
		});
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(openAlert("component-down", service)).isNull());
	}

	@Test
	void theInstancesOfADeadNodeAreDeclaredLostAndTheNodeAlerted() throws Exception {
		String node = "node-" + suffix();
		InstanceId running = InstanceId.random();
		InstanceId ended = InstanceId.random();
		DeploymentId deployment = DeploymentId.random();
		instance(running, deployment, node, "web", InstanceState.HEALTHY, null);
		instance(ended, deployment, node, "web", InstanceState.STOPPED, "stopped on request");
		awaitUp("node:" + node, () -> nodeHeartbeat(node, 10, 100));

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(state("node:" + node)).isEqualTo("DOWN"));

		List<InstanceStatusChanged> lost = awaitInstanceReports(
				s -> s.state() == InstanceState.LOST && s.nodeId().value().equals(node));
		assertThat(lost).extracting(s -> s.instanceId()).containsExactly(running);
		assertThat(lost.get(0).reason()).isEqualTo("node " + node + " is DOWN");
		assertThat(lost.get(0).deploymentId()).isEqualTo(deployment);
		JsonNode alert = await().atMost(Duration.ofSeconds(5))
			.until(() -> openAlert("node-down", node), a -> a != null);
		assertThat(alert.get("message").asString()).contains("node " + node + " is DOWN");

		awaitUp("node:" + node, () -> nodeHeartbeat(node, 10, 100));
		await().atMost(Duration.ofSeconds(5)).until(() -> openAlert("node-down", node) == null);
	}

	@Test
	void anInstanceFailedForGoodIsAlertedUntilAHealthyReplacementServes() throws Exception {
		String node = "n-" + suffix();
		DeploymentId deployment = DeploymentId.random();
		InstanceId first = InstanceId.random();
		instance(first, deployment, node, "api", InstanceState.HEALTHY, null);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(state("instance:" + first)).isEqualTo("UP"));

		instance(first, deployment, node, "api", InstanceState.FAILED, "exited with code 137 after 3 restart(s)");

		JsonNode alert = await().atMost(Duration.ofSeconds(10))
			.until(() -> openAlert("instance-failed", first.value()), a -> a != null);
		assertThat(alert.get("message").asString()).contains("beyond its restart budget").contains("code 137");

		InstanceId replacement = InstanceId.random();
		instance(replacement, deployment, "other-" + node, "api", InstanceState.HEALTHY, null);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode resolved = alert(alert.get("id").asString());
			assertThat(resolved.get("resolution").asString()).contains(replacement.value());
		});

		// healthy so briefly that the detector never saw it so: it still was up, and its
		// failure counts
		InstanceId brief = InstanceId.random();
		DeploymentId other = DeploymentId.random();
		instance(brief, other, node, "api", InstanceState.HEALTHY, null);
		instance(brief, other, node, "api", InstanceState.FAILED, "exited with code 137 after 3 restart(s)");
		await().atMost(Duration.ofSeconds(10)).until(() -> openAlert("instance-failed", brief.value()) != null);
	}

	@Test
	void aFailedDeploymentAndAnOverloadedNodeRaiseAlertsThatAdminsAcknowledge() throws Exception {
		DeploymentId deployment = DeploymentId.random();
		DeploymentStatusChanged failed = new DeploymentStatusChanged(deployment, AppId.of("greenhouse"),
				DeploymentState.FAILED, "no node for service web", "deployment.no-node", List.of(), null,
				Instant.now());
		Envelope<Message> once = Envelope.of("deployer", null, failed);
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), once);
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), once); // a redelivery

		JsonNode alert = await().atMost(Duration.ofSeconds(10))
			.until(() -> openAlert("deployment-failed", deployment.value()), a -> a != null);
		assertThat(alert.get("message").asString()).contains("no node for service web");

		String hot = "hot-" + suffix();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			nodeHeartbeat(hot, 97, 100);
			assertThat(openAlert("node-overloaded", hot)).isNotNull();
		});

		HttpResponse<String> developer = call("POST", "/api/monitoring/alerts/" + alert.get("id").asString() + "/ack",
				this.tokens.developer("dev"));
		assertThat(developer.statusCode()).isEqualTo(403);
		HttpResponse<String> ack = call("POST", "/api/monitoring/alerts/" + alert.get("id").asString() + "/ack",
				this.tokens.admin("ops"));
		assertThat(ack.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(ack.body()).get("acknowledgedBy").asString()).isEqualTo("ops");
		assertThat(alerts("deployment-failed").stream()
			.filter(a -> a.get("subject").asString().equals(deployment.value()))).hasSize(1);
		assertThat(call("POST", "/api/monitoring/alerts/al-nosuchalert/ack", this.tokens.admin("ops")).statusCode())
			.isEqualTo(404);
	}

	@Test
	void componentsAndAlertsAreForAdminsAndHealthForAnyoneLoggedIn() throws Exception {
		assertThat(call("GET", "/api/monitoring/components", null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/monitoring/components", this.tokens.developer("dev")).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/api/monitoring/alerts", this.tokens.developer("dev")).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/api/monitoring/health", null).statusCode()).isEqualTo(401);
		HttpResponse<String> health = call("GET", "/api/monitoring/health", this.tokens.developer("dev"));
		assertThat(health.statusCode()).isIn(200, 503);
		assertThat(health.body()).contains("\"status\"").contains("\"counts\"");
		HttpResponse<String> unknown = get("/api/monitoring/components/no-such-thing");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("resource.not-found");
	}

	// --- helpers

	private void awaitUp(String id, ThrowingRunnable beat) {
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
			beat.run();
			assertThat(state(id)).isEqualTo("UP");
		});
	}

	private @Nullable String state(String id) throws Exception {
		JsonNode component = component(id);
		return (component != null) ? component.get("state").asString() : null;
	}

	private @Nullable JsonNode component(String id) throws Exception {
		HttpResponse<String> response = get("/api/monitoring/components/" + id);
		return (response.statusCode() == 200) ? JSON.readTree(response.body()).get("component") : null;
	}

	private List<JsonNode> alerts(String kind) throws Exception {
		return JSON.readTree(get("/api/monitoring/alerts?kind=" + kind).body()).valueStream().toList();
	}

	private @Nullable JsonNode openAlert(String kind, String subject) throws Exception {
		return alerts(kind).stream()
			.filter(a -> a.get("subject").asString().equals(subject) && a.get("resolvedAt").isNull())
			.findFirst()
			.orElse(null);
	}

	private JsonNode alert(String id) throws Exception {
		return JSON.readTree(get("/api/monitoring/alerts?limit=500").body())
			.valueStream()
			.filter(a -> a.get("id").asString().equals(id))
			.findFirst()
			.orElseThrow();
	}

	private List<InstanceStatusChanged> awaitInstanceReports(
			java.util.function.Predicate<InstanceStatusChanged> which) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(TopicNames.INSTANCE_STATUS));
			List<InstanceStatusChanged> found = new CopyOnWriteArrayList<>();
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (this.codec.decode(record.value()).payload() instanceof InstanceStatusChanged status
							&& which.test(status)) {
						found.add(status);
					}
				}
				assertThat(found).isNotEmpty();
			});
			return found;
		}
	}

	private void heartbeat(String service, HeartbeatStatus status) throws Exception {
		send(TopicNames.HEARTBEAT, service, Envelope.of(service, null, new Heartbeat(service, ComponentKind.SERVICE,
				service + "-1", "host-1", 4242, "test", status, Instant.now(), null)));
	}

	private void nodeHeartbeat(String node, double cpu, long memoryMb) throws Exception {
		send(TopicNames.NODE_HEARTBEAT, node,
				Envelope.of("node-agent", null,
						new NodeHeartbeat(NodeId.of(node), "127.0.0.1", Map.of(), new Resources(4, 1024),
								new NodeUsage(cpu, memoryMb, 1), List.of(RuntimeKind.PYTHON), ExecutionMode.PROCESS,
								NodeState.UP, List.of(), "test", Instant.now())));
	}

	private void instance(InstanceId id, DeploymentId deployment, String node, String service, InstanceState state,
			@Nullable String reason) throws Exception {
		send(TopicNames.INSTANCE_STATUS, id.value(),
				Envelope.of("node-agent", null,
						new InstanceStatusChanged(id, deployment, NodeId.of(node), AppId.of("greenhouse"), service,
								state, "127.0.0.1:20001", 99L, null, reason, 0, Instant.now(), null)));
	}

	private void send(String topic, String key, Envelope<? extends Message> envelope) throws Exception {
		this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(envelope))).get();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return call("GET", path, this.tokens.admin("operator"));
	}

	private HttpResponse<String> call(String method, String path, @Nullable String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 6);
	}

	private static HttpServer webhook() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/alerts", exchange -> {
				WEBHOOK_CALLS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FakeSmtpRelay smtpRelay() {
		try {
			return new FakeSmtpRelay();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path restartsFile() {
		try {
			Path dir = Files.createTempDirectory("monitoring-it");
			return dir.resolve("restarts.txt");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
