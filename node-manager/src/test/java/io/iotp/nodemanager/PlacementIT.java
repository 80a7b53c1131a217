package io.iotp.nodemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
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
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.starter.security.TestTokens;
import io.iotp.starter.security.TestTokensInitializer;

/**
 * Node registry and placement against a real Kafka broker and the MongoDB wire protocol:
 * nodes appear from heartbeats, requests are answered on the reply topic with their
 * correlation id, and the answer is the least-loaded node that fits. The node API is for
 * admins only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=node-manager", "iotp.node-manager.suspect-after=2s" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.NODE_HEARTBEAT, TopicNames.GET_NODE_REQUEST, TopicNames.BEST_NODE_RESPONSE,
				TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class PlacementIT {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_ADDRESS.getPort() + "/node-manager");
	}

	@AfterAll
	static void stopMongo() {
		MONGO.shutdownNow();
	}

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.data.mongodb.core.MongoTemplate mongo;

	@org.springframework.beans.factory.annotation.Autowired
	TestTokens tokens;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private KafkaProducer<String, byte[]> producer;

	private KafkaConsumer<String, byte[]> replies;

	@BeforeEach
	void connect() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
		this.replies = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.replies.subscribe(List.of(TopicNames.BEST_NODE_RESPONSE));
	}

	@AfterEach
	void disconnect() {
		this.producer.close();
		this.replies.close();
	}

	@Test
	void answersWithTheLeastLoadedNodeThatFitsOnTheReplyTopicWithTheCorrelationId() throws Exception {
		String busy = "busy-" + UUID.randomUUID().toString().substring(0, 6);
		String idle = "idle-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(busy, new Resources(4, 4096), List.of(RuntimeKind.PYTHON));
		heartbeat(idle, new Resources(4, 4096), List.of(RuntimeKind.PYTHON));
		// The busy node holds an instance of 2 cpu and 2 GB.
		InstanceId held = InstanceId.random();
		send(TopicNames.NODE_COMMANDS, busy,
				new StartInstance(NodeId.of(busy), held, DeploymentId.random(), AppId.of("other"), "web",
						RuntimeKind.PYTHON, List.of(), "apps/other/1/app.zip", null, Map.of(), null, true,
						new Resources(2, 2048)));
		awaitNodes(busy, idle);
		await().atMost(Duration.ofSeconds(10)).until(() -> reservation(held.value()) != null);

		BestNodeResponse answer = ask(request(new Resources(1, 512), RuntimeKind.PYTHON, List.of()));

		assertThat(answer.nodeId()).isEqualTo(NodeId.of(idle));
		assertThat(answer.address()).isEqualTo("127.0.0.1");
	}

	@Test
	void refusesWithAReasonWhenNothingFitsOrNoNodeRunsTheRuntime() throws Exception {
		String small = "small-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(small, new Resources(0.5, 256), List.of(RuntimeKind.PYTHON));
		awaitNodes(small);

		BestNodeResponse tooBig = ask(request(new Resources(64, 1_000_000), RuntimeKind.PYTHON, List.of()));
		assertThat(tooBig.hasNode()).isFalse();
		assertThat(tooBig.reason()).contains("no node has 64.0 cpu and 1000000 MB free");

		BestNodeResponse noRuntime = ask(request(new Resources(0.1, 16), RuntimeKind.NODE, List.of()));
		assertThat(noRuntime.hasNode()).isFalse();
		assertThat(noRuntime.reason()).contains("runs the node runtime");
	}

	@Test
	void aDeveloperKeptOffProcessesIsPlacedOnlyOnANodeThatRunsAppsInContainers() throws Exception {
		String processes = "proc-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(processes, new Resources(8, 8192), List.of(RuntimeKind.COMMAND));
		awaitNodes(processes);
		BestNodeRequest containersOnly = new BestNodeRequest(UUID.randomUUID().toString(), DeploymentId.random(),
				AppId.of("untrusted"), "web", RuntimeKind.COMMAND, new Resources(0.1, 16), List.of(), true);

		BestNodeResponse none = ask(containersOnly);
		assertThat(none.hasNode()).isFalse();
		assertThat(none.reason()).contains("no UP node runs apps in containers");

		String containers = "box-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(containers, new Resources(1, 1024), List.of(RuntimeKind.COMMAND), ExecutionMode.DOCKER);
		awaitNodes(processes, containers);
		assertThat(ask(new BestNodeRequest(UUID.randomUUID().toString(), DeploymentId.random(), AppId.of("untrusted"),
				"web", RuntimeKind.COMMAND, new Resources(0.1, 16), List.of(), true))
			.nodeId()).as("the least loaded node runs processes, but only the container node will do")
			.isEqualTo(NodeId.of(containers));
	}

	@Test
	void excludedAndSilentNodesAreNotChosenAndTheApiShowsThemSuspect() throws Exception {
		String silent = "silent-" + UUID.randomUUID().toString().substring(0, 6);
		String alive = "alive-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(silent, new Resources(64, 65536), List.of(RuntimeKind.JAVA));
		heartbeat(alive, new Resources(1, 1024), List.of(RuntimeKind.JAVA));
		awaitNodes(silent, alive);

		BestNodeResponse excluding = ask(request(new Resources(0.1, 16), RuntimeKind.JAVA, List.of(NodeId.of(silent))));
		assertThat(excluding.nodeId()).isEqualTo(NodeId.of(alive));

		// Only "alive" keeps reporting; after suspect-after (2 s) "silent" gets nothing,
		// however big it is.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			heartbeat(alive, new Resources(1, 1024), List.of(RuntimeKind.JAVA));
			HttpResponse<String> node = get("/api/nodes/" + silent);
			assertThat(node.body()).contains("\"status\":\"SUSPECT\"");
		});
		assertThat(ask(request(new Resources(0.1, 16), RuntimeKind.JAVA, List.of())).nodeId())
			.isEqualTo(NodeId.of(alive));
		assertThat(get("/api/nodes").body()).contains("\"id\":\"" + alive + "\"").contains("\"cpuPercent\"");
		assertThat(get("/api/nodes/" + alive).body()).contains("\"executionMode\":\"process\"")
			.contains("\"runtimes\":[\"java\"]");
		HttpResponse<String> unknown = get("/api/nodes/no-such-node");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("resource.not-found");
	}

	@Test
	void drainedNodesGetNoNewInstancesUntilAnAdminGivesThemBack() throws Exception {
		String big = "big-" + UUID.randomUUID().toString().substring(0, 6);
		String small = "small-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(big, new Resources(64, 65536), List.of(RuntimeKind.COMMAND));
		heartbeat(small, new Resources(1, 1024), List.of(RuntimeKind.COMMAND));
		awaitNodes(big, small);
		assertThat(ask(request(new Resources(0.1, 16), RuntimeKind.COMMAND, List.of())).nodeId())
			.isEqualTo(NodeId.of(big));

		HttpResponse<String> drained = put("/api/nodes/" + big + "/status", "{\"status\": \"DRAINING\"}");
		assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
		assertThat(drained.body()).contains("\"status\":\"DRAINING\"");
		// its agent still says UP
		heartbeat(big, new Resources(64, 65536), List.of(RuntimeKind.COMMAND));
		assertThat(ask(request(new Resources(0.1, 16), RuntimeKind.COMMAND, List.of())).nodeId())
			.isEqualTo(NodeId.of(small));
		assertThat(get("/api/nodes/" + big).body()).contains("\"status\":\"DRAINING\"");

		assertThat(put("/api/nodes/" + big + "/status", "{\"status\": \"MAINTENANCE\"}").body())
			.contains("\"status\":\"MAINTENANCE\"");
		assertThat(put("/api/nodes/" + big + "/status", "{\"status\": \"UP\"}").body()).contains("\"status\":\"UP\"");
		assertThat(ask(request(new Resources(0.1, 16), RuntimeKind.COMMAND, List.of())).nodeId())
			.isEqualTo(NodeId.of(big));

		for (String bad : List.of("{\"status\": \"DOWN\"}", "{\"status\": \"drain\"}", "{}")) {
			HttpResponse<String> refused = put("/api/nodes/" + big + "/status", bad);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(refused.body()).as(bad).contains("\"code\":\"request.validation\"");
		}
		assertThat(put("/api/nodes/no-such-node/status", "{\"status\": \"DRAINING\"}").statusCode()).isEqualTo(404);
		assertThat(get("/api/nodes/" + big).body()).contains("\"status\":\"UP\"");

		HttpResponse<String> alive = delete("/api/nodes/" + big);
		assertThat(alive.statusCode()).isEqualTo(409);
		assertThat(alive.body()).contains("is UP; stop its agent first");
	}

	@Test
	void theNodeApiIsForAdminsOnly() throws Exception {
		HttpResponse<String> anonymous = get("/api/nodes", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
		assertThat(anonymous.body()).contains("\"code\":\"auth.unauthorized\"");

		for (String path : List.of("/api/nodes", "/api/nodes/local-1")) {
			HttpResponse<String> developer = get(path, this.tokens.developer("dev"));
			assertThat(developer.statusCode()).as(path).isEqualTo(403);
			assertThat(developer.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(developer.body()).contains("\"code\":\"auth.forbidden\"");
		}

		assertThat(get("/api/nodes").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health", null).statusCode()).isNotIn(401, 403);
	}

	@Test
	void startedAndStoppedInstancesGiveTheirResourcesBackSoRepeatedDeploymentsKeepFitting() throws Exception {
		String node = "tight-" + UUID.randomUUID().toString().substring(0, 6);
		heartbeat(node, new Resources(1, 1024), List.of(RuntimeKind.PYTHON));
		awaitNodes(node);
		// This class declares nodes SUSPECT after 2 s of silence: report every 300 ms, as
		// a live agent does.
		java.util.concurrent.atomic.AtomicBoolean alive = new java.util.concurrent.atomic.AtomicBoolean(true);
		Thread agent = Thread.ofVirtual().start(() -> {
			while (alive.get()) {
				try {
					heartbeat(node, new Resources(1, 1024), List.of(RuntimeKind.PYTHON));
					Thread.sleep(300);
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		try {
			placeAndReleaseRepeatedly(node);
		}
		finally {
			alive.set(false);
			agent.join();
		}
	}

	private void placeAndReleaseRepeatedly(String node) throws Exception {
		for (int round = 0; round < 6; round++) {
			// The release the previous round waited for may be the stop's tombstone, seen
			// before the start command's handler settled that round's placement hold;
			// the hold lasts 15 s, so an answer within 3 s still shows nothing leaked.
			BestNodeRequest[] asked = new BestNodeRequest[1];
			BestNodeResponse answer = await().atMost(Duration.ofSeconds(3))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> {
					asked[0] = new BestNodeRequest(UUID.randomUUID().toString(), DeploymentId.random(),
							AppId.of("loop"), "web", RuntimeKind.PYTHON, new Resources(0.6, 600),
							List.of(NodeId.of("elsewhere")), false);
					return ask(asked[0]);
				}, (reply) -> reply.hasNode());
			assertThat(answer.nodeId()).as("round " + round + ": " + answer.reason()).isEqualTo(NodeId.of(node));
			BestNodeRequest request = asked[0];
			InstanceId instance = InstanceId.random();
			send(TopicNames.NODE_COMMANDS, node,
					new StartInstance(NodeId.of(node), instance, request.deploymentId(), AppId.of("loop"), "web",
							RuntimeKind.PYTHON, List.of(), "apps/loop/1/app.zip", null, Map.of(), null, true,
							new Resources(0.6, 600)));
			send(TopicNames.INSTANCE_STATUS, instance.value(),
					new InstanceStatusChanged(instance, request.deploymentId(), NodeId.of(node), AppId.of("loop"),
							"web", InstanceState.STOPPED, null, null, 0, "stopped", 0, Instant.now(), null));
			// Start and end come on different topics: whichever is handled last, the
			// instance ends released.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				org.bson.Document reservation = reservation(instance.value());
				assertThat(reservation).isNotNull();
				assertThat(reservation.get("released")).isEqualTo(true);
			});
		}
	}

	private org.bson.Document reservation(String instanceId) {
		return this.mongo.getCollection("reservations").find(new org.bson.Document("_id", instanceId)).first();
	}

	private BestNodeRequest request(Resources resources, RuntimeKind runtime, List<NodeId> exclude) {
		return new BestNodeRequest(UUID.randomUUID().toString(), DeploymentId.random(), AppId.of("greenhouse"),
				"dashboard", runtime, resources, exclude, false);
	}

	private BestNodeResponse ask(BestNodeRequest request) throws Exception {
		byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TopicNames.GET_NODE_REQUEST,
				request.deploymentId().value(), this.codec.encode(Envelope.of("test", null, request)));
		record.headers().add(KafkaHeaders.REPLY_TOPIC, TopicNames.BEST_NODE_RESPONSE.getBytes(StandardCharsets.UTF_8));
		record.headers().add(KafkaHeaders.CORRELATION_ID, correlation);
		this.producer.send(record).get();
		BestNodeResponse[] answer = new BestNodeResponse[1];
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			for (ConsumerRecord<String, byte[]> reply : this.replies.poll(Duration.ofMillis(200))) {
				var header = reply.headers().lastHeader(KafkaHeaders.CORRELATION_ID);
				if (header != null && java.util.Arrays.equals(header.value(), correlation)) {
					answer[0] = (BestNodeResponse) this.codec.decode(reply.value()).payload();
				}
			}
			return answer[0] != null;
		});
		assertThat(answer[0].requestId()).isEqualTo(request.requestId());
		return answer[0];
	}

	private void heartbeat(String node, Resources capacity, List<RuntimeKind> runtimes) throws Exception {
		heartbeat(node, capacity, runtimes, ExecutionMode.PROCESS);
	}

	private void heartbeat(String node, Resources capacity, List<RuntimeKind> runtimes, ExecutionMode mode)
			throws Exception {
		send(TopicNames.NODE_HEARTBEAT, node, new NodeHeartbeat(NodeId.of(node), "127.0.0.1", Map.of(), capacity,
				new NodeUsage(10, 100, 0), runtimes, mode, NodeState.UP, List.of(), "test", Instant.now()));
	}

	private void send(String topic, String key, Message message) throws Exception {
		this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(Envelope.of("test", null, message))))
			.get();
	}

	private void awaitNodes(String... nodes) {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String body = get("/api/nodes").body();
			for (String node : nodes) {
				assertThat(body).contains("\"id\":\"" + node + "\"");
			}
		});
	}

	private HttpResponse<String> put(String path, String json) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + this.tokens.admin("operator"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + this.tokens.admin("operator"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** As an admin. */
	private HttpResponse<String> get(String path) throws Exception {
		return get(path, this.tokens.admin("operator"));
	}

	private HttpResponse<String> get(String path, @org.jspecify.annotations.Nullable String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
