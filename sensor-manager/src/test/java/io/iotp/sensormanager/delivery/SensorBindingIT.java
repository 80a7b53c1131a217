package io.iotp.sensormanager.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.Topics;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.BoundSensor;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.sensormanager.registry.BoundApps;
import io.iotp.sensormanager.support.BindingReplies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding and delivery against a real Kafka broker, the MongoDB wire protocol and real
 * HTTP: the deployer is played by the test over the real request/reply topics, sensors
 * are written into the registry's collection as the registry stores them, and an app
 * instance is a JDK HTTP server. Only the binding and delivery features are loaded (the
 * registry and ingestion have their own tests).
 */
@SpringBootTest(classes = SensorBindingIT.BindingOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.application.name=sensor-manager", "iotp.sensors.binding.refresh-interval=300ms",
				"iotp.sensors.delivery.initial-backoff=50ms", "iotp.sensors.delivery.max-backoff=200ms",
				"iotp.platform.ship-logs=false" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SENSOR_DATA, TopicNames.SENSOR_BINDING_REQUEST, TopicNames.SENSOR_BINDING_RESPONSE,
				TopicNames.DEPLOYMENT_STATUS, TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT,
				TopicNames.PLATFORM_LOGS, TopicNames.SENSOR_TYPES })
class SensorBindingIT {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ComponentScan({ "io.iotp.sensormanager.binding", "io.iotp.sensormanager.delivery" })
	static class BindingOnly {

	}

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

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

	@Autowired
	BoundApps boundApps;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private KafkaProducer<String, byte[]> producer;

	private BindingReplies replies;

	@BeforeEach
	void start() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
		this.replies = new BindingReplies(this.kafka);
	}

	@AfterEach
	void stop() throws Exception {
		this.running.set(false);
		this.replies.close();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.producer.close();
	}

	@Test
	void bindsTheOwnersOldestMatchingSensorsCreatesTheTopicAndAnswersARepeatTheSame() throws Exception {
		String owner = "ada-" + suffix();
		String loc = "gh-" + suffix();
		sensor("t-" + loc + "-3", "temperature", loc, owner, T0.plusSeconds(3));
		sensor("t-" + loc + "-1", "temperature", loc, owner, T0.plusSeconds(1));
		sensor("t-" + loc + "-2", "temperature", loc, owner, T0.plusSeconds(2));
		sensor("t-" + loc + "-other-place", "temperature", loc + "-b", owner, T0);
		sensor("t-" + loc + "-not-mine", "temperature", loc, "someone-else", T0);
		sensor("h-" + loc + "-humidity", "humidity", loc, owner, T0);
		DeploymentId deployment = DeploymentId.random();
		SensorBindingRequest request = request(deployment, "shop", owner,
				List.of(new SensorRequirement("temperature", loc, 2, List.of("dashboard"))), Map.of(),
				Map.of("dashboard", SensorDelivery.HTTP, "worker", SensorDelivery.NONE));

		SensorBindingResponse response = ask(request);

		assertThat(response.bound()).as(response.reason()).isTrue();
		assertThat(response.appToken()).startsWith("iotp_app_" + deployment.value() + "_")
			.hasSize("iotp_app_".length() + deployment.value().length() + 1 + 43);
		assertThat(response.services()).singleElement().satisfies((binding) -> {
			assertThat(binding.service()).isEqualTo("dashboard");
			assertThat(binding.delivery()).isEqualTo(SensorDelivery.HTTP);
			assertThat(binding.topic()).isEqualTo("app.shop.dashboard.sensor-data");
			assertThat(binding.sensors()).containsExactly(
					new BoundSensor(SensorId.of("t-" + loc + "-1"), "temperature", loc),
					new BoundSensor(SensorId.of("t-" + loc + "-2"), "temperature", loc));
		});
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka))) {
			TopicDescription topic = admin.describeTopics(List.of("app.shop.dashboard.sensor-data"))
				.allTopicNames()
				.get()
				.get("app.shop.dashboard.sensor-data");
			assertThat(topic.partitions()).hasSize(3);
		}
		// a newer sensor must not displace the chosen ones on a repeat (redelivery, cron
		// re-run)
		sensor("t-" + loc + "-0", "temperature", loc, owner, T0.minusSeconds(60));
		SensorBindingResponse again = ask(
				request(deployment, "shop", owner, request.requirements(), Map.of(), request.deliveries()));
		assertThat(again.bound()).isTrue();
		assertThat(again.services()).isEqualTo(response.services());
		assertThat(again.appToken()).isEqualTo(response.appToken());
		assertThat(this.mongo.getCollection("sensor_bindings").countDocuments(new Document("_id", deployment.value())))
			.isEqualTo(1);
	}

	@Test
	void theAppsBoundToSensorsOfATypeAreNamedWhileTheirBindingsAreActive() {
		String owner = "vi-" + suffix();
		String loc = "gh-" + suffix();
		String type = "vane-" + suffix();
		sensor("v-" + loc, type, loc, owner, T0);
		String app = "vanes-" + suffix();
		DeploymentId deployment = DeploymentId.random();
		assertThat(this.boundApps.boundTo(type)).isEmpty();

		assertThat(ask(request(deployment, app, owner, List.of(new SensorRequirement(type, loc, 1, List.of())),
				Map.of(), Map.of("web", SensorDelivery.HTTP)))
			.bound()).isTrue();

		assertThat(this.boundApps.boundTo(type)).containsExactly(app);
		assertThat(this.boundApps.boundTo("temperature")).doesNotContain(app);
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), new DeploymentStatusChanged(deployment, AppId.of(app),
				DeploymentState.STOPPED, "asked", null, List.of(), null, Instant.now().plusMillis(200)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.boundApps.boundTo(type).isEmpty());
	}

	@Test
	void tooFewMatchingSensorsIsNotBoundWithAReasonNamingWhatIsMissing() {
		String owner = "bob-" + suffix();
		String loc = "gh-" + suffix();
		sensor("t-" + loc + "-1", "temperature", loc, owner, T0);
		sensor("t-" + loc + "-theirs", "temperature", loc, "someone-else", T0);

		SensorBindingResponse response = ask(request(DeploymentId.random(), "few", owner,
				List.of(new SensorRequirement("temperature", loc, 2, List.of())), Map.of(),
				Map.of("web", SensorDelivery.HTTP)));

		assertThat(response.bound()).isFalse();
		assertThat(response.reason())
			.isEqualTo("needs 2 'temperature' sensor(s) at '" + loc + "' owned by " + owner + ", found 1");
		assertThat(response.services()).isEmpty();
	}

	@Test
	void explicitIdsAreBoundAsGivenButOnlyWhenTheOwnerHasThem() {
		String owner = "cy-" + suffix();
		String mine = "s-mine-" + suffix();
		String theirs = "s-theirs-" + suffix();
		sensor(mine, "pressure", "roof", owner, T0);
		sensor(theirs, "pressure", "roof", "someone-else", T0);
		Map<String, SensorDelivery> deliveries = Map.of("web", SensorDelivery.KAFKA, "worker", SensorDelivery.KAFKA);
		List<SensorRequirement> needs = List.of(new SensorRequirement("nothing-of-this-type", null, 1, List.of("web")));

		SensorBindingResponse refused = ask(request(
				DeploymentId.random(), "expl", owner, needs, Map.of("web",
						List.of(SensorId.of(mine), SensorId.of(theirs)), "worker", List.of(SensorId.of("s-nope"))),
				deliveries));
		SensorBindingResponse bound = ask(request(DeploymentId.random(), "expl", owner, needs,
				Map.of("web", List.of(SensorId.of(mine))), deliveries));

		assertThat(refused.bound()).isFalse();
		assertThat(refused.reason()).contains("sensor " + theirs + " (bound to web) does not exist or is not owned by")
			.contains("sensor s-nope (bound to worker)")
			.doesNotContain(mine);
		assertThat(bound.bound()).as(bound.reason()).isTrue();
		assertThat(bound.services()).singleElement().satisfies((binding) -> {
			assertThat(binding.service()).isEqualTo("web");
			assertThat(binding.sensors()).extracting(BoundSensor::id).containsExactly(SensorId.of(mine));
		});
	}

	@Test
	void routesReadingsOfBoundSensorsOnlyAndKeepsThoseReceivedBeforeTheEnd() {
		String owner = "di-" + suffix();
		String loc = "gh-" + suffix();
		String a = "t-a-" + suffix();
		String b = "t-b-" + suffix();
		String elsewhere = "t-elsewhere-" + suffix();
		sensor(a, "temperature", loc, owner, T0);
		sensor(b, "temperature", loc, owner, T0.plusSeconds(1));
		sensor(elsewhere, "temperature", loc + "-far", owner, T0);
		String app = "route-" + suffix();
		DeploymentId deployment = DeploymentId.random();
		assertThat(ask(request(deployment, app, owner, List.of(new SensorRequirement("temperature", loc, 2, List.of())),
				Map.of(), Map.of("sink", SensorDelivery.KAFKA)))
			.bound()).isTrue();
		String topic = Topics.appSensorData(app, "sink").name();
		List<String> received = readAll(topic);

		for (int i = 0; i < 20; i++) {
			reading(a, loc, "r-a-" + i, Instant.now());
			reading(b, loc, "r-b-" + i, Instant.now());
			reading(elsewhere, loc + "-far", "r-far-" + i, Instant.now());
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 40);
		Instant beforeEnd = Instant.now();
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), new DeploymentStatusChanged(deployment, AppId.of(app),
				DeploymentState.STOPPED, "asked", null, List.of(), null, Instant.now().plusMillis(200)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "ENDED".equals(this.mongo.getCollection("sensor_bindings")
				.find(new Document("_id", deployment.value()))
				.first()
				.getString("state")));
		reading(a, loc, "r-late-but-received-before-the-end", beforeEnd);
		reading(a, loc, "r-after-the-end", Instant.now().plusSeconds(5));
		reading(b, loc, "r-marker", beforeEnd);

		await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("r-marker"));
		assertThat(received).doesNotContain("r-after-the-end")
			.contains("r-late-but-received-before-the-end")
			.noneMatch((id) -> id.startsWith("r-far-"))
			.doesNotHaveDuplicates()
			.hasSize(42);

		// a cron deployment's next run binds again under the same id
		assertThat(ask(request(deployment, app, owner, List.of(new SensorRequirement("temperature", loc, 2, List.of())),
				Map.of(), Map.of("sink", SensorDelivery.KAFKA)))
			.bound()).isTrue();
		reading(b, loc, "r-next-run", Instant.now());
		await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("r-next-run"));
	}

	@Test
	void anEndConsumedBeforeTheBindRequestIsAnsweredLeavesNothingBound() {
		String owner = "gu-" + suffix();
		String loc = "gh-" + suffix();
		sensor("t-" + loc, "temperature", loc, owner, T0);
		DeploymentId deployment = DeploymentId.random();
		List<SensorRequirement> needs = List.of(new SensorRequirement("temperature", loc, 1, List.of()));
		Instant sent = Instant.now();
		// the deployer gave up waiting and failed the deployment; sensor-manager sees
		// that first
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), new DeploymentStatusChanged(deployment, AppId.of("late"),
				DeploymentState.FAILED, "sensor binding timed out", null, List.of(), null, sent.plusSeconds(20)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.mongo.getCollection("sensor_binding_ends")
				.countDocuments(new Document("_id", deployment.value())) == 1);

		SensorBindingResponse late = ask(
				request(deployment, "late", owner, needs, Map.of(), Map.of("sink", SensorDelivery.KAFKA)), sent);

		assertThat(late.bound()).isFalse();
		assertThat(late.appToken()).isNull();
		assertThat(late.reason()).contains("ended");
		assertThat(this.mongo.getCollection("sensor_bindings").countDocuments(new Document("_id", deployment.value())))
			.isZero();

		// a later run of the same deployment (cron) was requested after that end: it
		// binds
		SensorBindingResponse next = ask(
				request(deployment, "late", owner, needs, Map.of(), Map.of("sink", SensorDelivery.KAFKA)),
				sent.plusSeconds(30));
		assertThat(next.bound()).as(next.reason()).isTrue();
		assertThat(next.appToken()).startsWith("iotp_app_" + deployment.value() + "_");
		assertThat(state(deployment)).isEqualTo("ACTIVE");
	}

	@Test
	void aBindRequestOlderThanTheEndOfItsBindingDoesNotBringItBack() {
		String owner = "ha-" + suffix();
		String loc = "gh-" + suffix();
		sensor("t-" + loc, "temperature", loc, owner, T0);
		DeploymentId deployment = DeploymentId.random();
		List<SensorRequirement> needs = List.of(new SensorRequirement("temperature", loc, 1, List.of()));
		Instant sent = Instant.now();
		SensorBindingResponse first = ask(
				request(deployment, "redo", owner, needs, Map.of(), Map.of("sink", SensorDelivery.NONE)), sent);
		assertThat(first.bound()).as(first.reason()).isTrue();
		// asking again while it is active (a replacement instance) gives the same binding
		// and token
		SensorBindingResponse again = ask(
				request(deployment, "redo", owner, needs, Map.of(), Map.of("sink", SensorDelivery.NONE)),
				sent.plusSeconds(1));
		assertThat(again.appToken()).isEqualTo(first.appToken());
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), new DeploymentStatusChanged(deployment, AppId.of("redo"),
				DeploymentState.STOPPED, "asked", null, List.of(), null, sent.plusSeconds(5)));
		await().atMost(Duration.ofSeconds(10)).until(() -> "ENDED".equals(state(deployment)));
		// the tombstone gone (its retention passed), the ended binding itself still
		// refuses an older request
		this.mongo.getCollection("sensor_binding_ends").deleteOne(new Document("_id", deployment.value()));

		SensorBindingResponse redelivered = ask(
				request(deployment, "redo", owner, needs, Map.of(), Map.of("sink", SensorDelivery.NONE)),
				sent.plusSeconds(2));

		assertThat(redelivered.bound()).isFalse();
		assertThat(state(deployment)).isEqualTo("ENDED");
	}

	@Test
	void anEndOlderThanTheBindRequestDoesNotEndIt() {
		String owner = "io-" + suffix();
		String loc = "gh-" + suffix();
		sensor("t-" + loc, "temperature", loc, owner, T0);
		DeploymentId deployment = DeploymentId.random();
		Instant sent = Instant.now();
		assertThat(
				ask(request(deployment, "cron", owner, List.of(new SensorRequirement("temperature", loc, 1, List.of())),
						Map.of(), Map.of("sink", SensorDelivery.NONE)), sent)
					.bound())
			.isTrue();
		// the previous run's end, arriving late
		send(TopicNames.DEPLOYMENT_STATUS, deployment.value(), new DeploymentStatusChanged(deployment, AppId.of("cron"),
				DeploymentState.STOPPED, "previous run", null, List.of(), null, sent.minusSeconds(60)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.mongo.getCollection("sensor_binding_ends")
				.countDocuments(new Document("_id", deployment.value())) == 1);
		assertThat(state(deployment)).isEqualTo("ACTIVE");
	}

	@Test
	void aNewMatchingSensorJoinsABindingWithRoom() {
		String owner = "ed-" + suffix();
		String loc = "gh-" + suffix();
		String first = "t-1-" + suffix();
		String gone = "t-gone-" + suffix();
		sensor(first, "temperature", loc, owner, T0);
		sensor(gone, "temperature", loc, owner, T0.plusSeconds(1));
		String app = "join-" + suffix();
		assertThat(ask(request(DeploymentId.random(), app, owner,
				List.of(new SensorRequirement("temperature", loc, 2, List.of())), Map.of(),
				Map.of("sink", SensorDelivery.KAFKA)))
			.bound()).isTrue();
		List<String> received = readAll(Topics.appSensorData(app, "sink").name());

		this.mongo.getCollection("sensors").deleteOne(new Document("_id", gone));
		String newcomer = "t-new-" + suffix();
		sensor(newcomer, "temperature", loc, owner, Instant.now());

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			reading(newcomer, loc, "r-new-" + UUID.randomUUID(), Instant.now());
			assertThat(received).anyMatch((id) -> id.startsWith("r-new-"));
		});
		reading(gone, loc, "r-from-the-deleted-one", Instant.now());
		reading(first, loc, "r-first", Instant.now());
		await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("r-first"));
		assertThat(received).doesNotContain("r-from-the-deleted-one");
	}

	@Test
	void deliversOverHttpInBatchesRetryingAfter503sPastADeadInstanceAndSkipsOnlyARefusedReading() throws Exception {
		String owner = "flo-" + suffix();
		String loc = "gh-" + suffix();
		String sensorA = "t-a-" + suffix();
		String sensorB = "t-b-" + suffix();
		sensor(sensorA, "temperature", loc, owner, T0);
		sensor(sensorB, "temperature", loc, owner, T0.plusSeconds(1));
		String app = "web-" + suffix();
		DeploymentId deployment = DeploymentId.random();
		AtomicInteger unavailable = new AtomicInteger(3);
		AtomicInteger answered503 = new AtomicInteger();
		Set<String> delivered = ConcurrentHashMap.newKeySet();
		List<JsonNode> bodies = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/sensor-data", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (new String(body, StandardCharsets.UTF_8).contains("r-poison")) {
				// the app cannot use one of them, ever
				exchange.sendResponseHeaders(400, -1);
			}
			else if (unavailable.getAndDecrement() > 0) {
				answered503.incrementAndGet();
				exchange.sendResponseHeaders(503, -1);
			}
			else {
				JsonNode batch = this.json.readTree(body);
				bodies.add(batch);
				batch.forEach((reading) -> delivered.add(reading.get("id").asString()));
				exchange.sendResponseHeaders(200, -1);
			}
			exchange.close();
		});
		server.start();
		this.closeables.add(() -> server.stop(0));
		String dead = "http://127.0.0.1:" + freePort();
		String alive = "http://127.0.0.1:" + server.getAddress().getPort();
		register(app, "web", deployment, dead);
		register(app, "web", deployment, alive);
		assertThat(ask(request(deployment, app, owner, List.of(new SensorRequirement("temperature", loc, 2, List.of())),
				Map.of(), Map.of("web", SensorDelivery.HTTP)))
			.bound()).isTrue();

		for (int i = 0; i < 300; i++) {
			reading((i % 2 == 0) ? sensorA : sensorB, loc, "r-" + i, Instant.now());
			if (i == 150) {
				reading(sensorA, loc, "r-poison", Instant.now());
			}
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() == 300);
		assertThat(delivered).doesNotContain("r-poison");
		assertThat(answered503.get()).isGreaterThanOrEqualTo(1);
		assertThat(bodies).allSatisfy((batch) -> assertThat(batch.size()).isBetween(1, 500));
		JsonNode one = bodies.getFirst().get(0);
		assertThat(one.propertyNames()).containsExactlyInAnyOrder("id", "sensorId", "type", "location", "ts",
				"receivedAt", "values");
		assertThat(one.get("ts").isString()).isTrue();
		assertThat(one.get("values").get("temperature").isNumber()).isTrue();
	}

	@Test
	void anUnreachableInstanceHoldsUpOnlyItsOwnBinding() throws Exception {
		String owner = "gus-" + suffix();
		String loc = "gh-" + suffix();
		String sensor = "t-" + suffix();
		sensor(sensor, "temperature", loc, owner, T0);
		Set<String> delivered = ConcurrentHashMap.newKeySet();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/sensor-data", (exchange) -> {
			this.json.readTree(exchange.getRequestBody().readAllBytes())
				.forEach((reading) -> delivered.add(reading.get("id").asString()));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		this.closeables.add(() -> server.stop(0));
		String stuck = "stuck-" + suffix();
		String fine = "fine-" + suffix();
		DeploymentId stuckDeployment = DeploymentId.random();
		DeploymentId fineDeployment = DeploymentId.random();
		register(stuck, "web", stuckDeployment, "http://127.0.0.1:" + freePort());
		register(fine, "web", fineDeployment, "http://127.0.0.1:" + server.getAddress().getPort());
		for (var entry : Map.of(stuck, stuckDeployment, fine, fineDeployment).entrySet()) {
			assertThat(ask(request(entry.getValue(), entry.getKey(), owner,
					List.of(new SensorRequirement("temperature", loc, 1, List.of())), Map.of(),
					Map.of("web", SensorDelivery.HTTP)))
				.bound()).isTrue();
		}

		for (int i = 0; i < 100; i++) {
			reading(sensor, loc, "r-both-" + i, Instant.now());
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 100);
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void sensor(String id, String type, String location, String owner, Instant createdAt) {
		this.mongo.getCollection("sensors")
			.insertOne(new Document("_id", id).append("type", type)
				.append("location", location)
				.append("metadata", new Document())
				.append("owner", owner)
				.append("keyHash", "00")
				.append("createdAt", java.util.Date.from(createdAt))
				.append("updatedAt", java.util.Date.from(createdAt)));
	}

	private static SensorBindingRequest request(DeploymentId deployment, String app, String owner,
			List<SensorRequirement> requirements, Map<String, List<SensorId>> explicit,
			Map<String, SensorDelivery> deliveries) {
		return new SensorBindingRequest(UUID.randomUUID().toString(), deployment, AppId.of(app), owner, requirements,
				explicit, deliveries);
	}

	private SensorBindingResponse ask(SensorBindingRequest request) {
		return ask(request, Instant.now());
	}

	/** Asks as the deployer would have at {@code sentAt} (the envelope's time). */
	private SensorBindingResponse ask(SensorBindingRequest request, Instant sentAt) {
		return this.replies.ask(this.producer, request, sentAt, Duration.ofSeconds(20));
	}

	private @Nullable String state(DeploymentId deployment) {
		Document binding = this.mongo.getCollection("sensor_bindings")
			.find(new Document("_id", deployment.value()))
			.first();
		return (binding != null) ? binding.getString("state") : null;
	}

	private void register(String app, String service, DeploymentId deployment, String url) {
		send(TopicNames.REGISTER_SERVICE, app + "/" + service, new ServiceRegistered(AppId.of(app), service,
				InstanceId.random(), deployment, NodeId.of("n-test"), url, "/health", false, AppAccess.PUBLIC));
	}

	private void reading(String sensor, String location, String id, Instant receivedAt) {
		send(TopicNames.SENSOR_DATA, sensor, new SensorReading(id, SensorId.of(sensor), "temperature", location,
				receivedAt.minusMillis(5), receivedAt, Map.of("temperature", 21.5)));
	}

	private void send(String topic, String key, Message message) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(Envelope.of("test", null, message))))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every reading id that arrives on the topic, read from its beginning until the test
	 * ends.
	 */
	private List<String> readAll(String topic) {
		List<String> ids = new CopyOnWriteArrayList<>();
		KafkaConsumer<String, byte[]> consumer = consumer("reader-" + UUID.randomUUID());
		Collection<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map((p) -> new TopicPartition(topic, p.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		Thread reader = Thread.ofVirtual().start(() -> {
			try (consumer) {
				while (this.running.get()) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
						if (this.codec.decode(record.value()).payload() instanceof SensorReading reading) {
							ids.add(reading.id());
						}
					}
				}
			}
		});
		this.closeables.add(reader::join);
		return ids;
	}

	private KafkaConsumer<String, byte[]> consumer(String group) {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka, ConsumerConfig.GROUP_ID_CONFIG, group,
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

}
