package io.iotp.appcontroller.schedule;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.appcontroller.AppControllerApplication;
import io.iotp.appcontroller.support.CommonSensorTypes;
import io.iotp.appcontroller.support.TestZips;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole app-controller processes sharing one MongoDB and one Kafka broker, as replicas
 * do: every due schedule fires exactly once however many replicas run, and whatever
 * restarts in between.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS,
		TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS, TopicNames.SENSOR_TYPES })
class ScheduleReplicasIT {

	private static MongoServer mongo;

	@TempDir
	static Path blobs;

	private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private final TestTokens tokens = new TestTokens();

	private KafkaProbe deployer;

	@BeforeAll
	static void startMongo() {
		mongo = new MongoServer(new MemoryBackend());
		mongo.bind("127.0.0.1", 0);
		CommonSensorTypes.announce(broker().getBrokersAsString());
	}

	@AfterAll
	static void stopMongo() {
		mongo.shutdownNow();
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(ConfigurableApplicationContext::close);
		if (this.deployer != null) {
			this.deployer.close();
		}
	}

	@Test
	void eachDueScheduleFiresOnceAcrossTwoReplicas() throws IOException {
		Api first = new Api(port(startReplica()), this.tokens.developer("dev-r"));
		Api second = new Api(port(startReplica()), this.tokens.developer("dev-r"));
		this.deployer = new KafkaProbe(broker().getBrokersAsString(), TopicNames.SCHEDULER_TO_DEPLOYER);
		String app = upload(first);
		Instant soon = Instant.now().plusSeconds(2);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(deploy(first, app, "{}"));
			ids.add(deploy(second, app,
					"{\"schedule\": {\"type\": \"at\", \"at\": \"" + soon.plusMillis(i * 100) + "\"}}"));
		}

		await().atMost(Duration.ofSeconds(15)).until(() -> firedPerDeployment(ids).size() == ids.size());
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> firedPerDeployment(ids).values().stream().allMatch((count) -> count == 1));
		for (String id : ids) {
			assertThat(second.get("/api/deployments/" + id).json().path("status").asString()).isEqualTo("DEPLOYING");
		}
	}

	@Test
	void aRestartBetweenSchedulingAndTheDueTimeFiresOnce() throws IOException {
		ConfigurableApplicationContext before = startReplica();
		Api api = new Api(port(before), this.tokens.developer("dev-r"));
		this.deployer = new KafkaProbe(broker().getBrokersAsString(), TopicNames.SCHEDULER_TO_DEPLOYER);
		String app = upload(api);
		Instant at = Instant.now().plusSeconds(4);
		String id = deploy(api, app, "{\"schedule\": {\"type\": \"at\", \"at\": \"" + at + "\"}}");
		before.close();
		assertThat(Instant.now()).as("the replica went down before the due time").isBefore(at);

		Api after = new Api(port(startReplica()), this.tokens.developer("dev-r"));

		await().atMost(Duration.ofSeconds(15)).until(() -> firedPerDeployment(List.of(id)).getOrDefault(id, 0L) == 1);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> firedPerDeployment(List.of(id)).get(id) == 1);
		assertThat(after.get("/api/deployments/" + id).json().path("status").asString()).isEqualTo("DEPLOYING");
	}

	private ConfigurableApplicationContext startReplica() {
		// as the bootstrapper starts it: command-line properties
		ConfigurableApplicationContext replica = new SpringApplicationBuilder(AppControllerApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1",
				"--spring.kafka.bootstrap-servers=" + broker().getBrokersAsString(),
				"--spring.mongodb.uri=mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort(),
				"--iotp.blob-store.dir=" + blobs, "--iotp.platform.ship-logs=false",
				"--iotp.platform.heartbeat-interval=5s", "--" + this.tokens.publicKeyLocationProperty());
		this.replicas.add(replica);
		return replica;
	}

	private Map<String, Long> firedPerDeployment(List<String> ids) {
		return ids.stream()
			.flatMap((id) -> this.deployer.received(id).stream())
			.filter((message) -> message.payload() instanceof DeploymentRequested)
			.collect(Collectors.groupingBy(KafkaProbe.Received::key, Collectors.counting()));
	}

	private static EmbeddedKafkaBroker broker() {
		return EmbeddedKafkaCondition.getBroker();
	}

	private static int port(ConfigurableApplicationContext replica) {
		return ((WebServerApplicationContext) replica).getWebServer().getPort();
	}

	private static String upload(Api api) {
		String app = "app-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.upload(TestZips.app(app, "1.0.0").bytes()).status()).isEqualTo(201);
		return app;
	}

	private static String deploy(Api api, String app, String request) {
		Api.Response accepted = api.postJson("/api/apps/" + app + "/deployments", request);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		return accepted.json().path("id").asString();
	}

}
