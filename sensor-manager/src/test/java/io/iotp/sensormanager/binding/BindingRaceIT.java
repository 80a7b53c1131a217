package io.iotp.sensormanager.binding;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment's end and its binding, racing: whichever order the two take in MongoDB (a
 * real wire protocol server) and Kafka (topics of the binding are created on a real
 * broker), a binding whose request was sent before the end never stays active. The
 * binding feature alone, called directly.
 */
@SpringBootTest(classes = BindingRaceIT.BindingOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.application.name=sensor-manager", "iotp.platform.ship-logs=false",
				"iotp.platform.heartbeat-interval=5s" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SENSOR_BINDING_REQUEST, TopicNames.SENSOR_BINDING_RESPONSE, TopicNames.DEPLOYMENT_STATUS,
				TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS, TopicNames.SENSOR_TYPES })
class BindingRaceIT {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ComponentScan("io.iotp.sensormanager.binding")
	static class BindingOnly {

	}

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

	@Autowired
	BindingService bindings;

	@Autowired
	MongoTemplate mongo;

	@Test
	void anEndRacingTheBindNeverLeavesItActive() throws Exception {
		String owner = "race-" + UUID.randomUUID().toString().substring(0, 8);
		String location = "gh-" + owner;
		this.mongo.getCollection("sensors")
			.insertOne(new Document("_id", "t-" + owner).append("type", "temperature")
				.append("location", location)
				.append("metadata", new Document())
				.append("owner", owner)
				.append("keyHash", "00")
				.append("createdAt", new java.util.Date())
				.append("updatedAt", new java.util.Date()));
		List<String> outcomes = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			for (int i = 0; i < 40; i++) {
				DeploymentId deployment = DeploymentId.random();
				SensorBindingRequest request = new SensorBindingRequest(UUID.randomUUID().toString(), deployment,
						AppId.of("race"), owner, List.of(new SensorRequirement("temperature", location, 1, List.of())),
						Map.of(), Map.of("sink", SensorDelivery.KAFKA));
				Instant sent = Instant.now();
				CyclicBarrier start = new CyclicBarrier(2);
				CompletableFuture<SensorBindingResponse> bind = CompletableFuture.supplyAsync(() -> {
					await(start);
					return this.bindings.bind(request, sent);
				}, threads);
				// the end comes a little later each round: before, during and after the
				// bind's steps
				CompletableFuture<Void> end = CompletableFuture.runAsync(() -> await(start), threads)
					.thenRunAsync(
							() -> this.bindings.end(deployment.value(), sent.plusSeconds(10), "deployment failed"),
							CompletableFuture.delayedExecutor(i * 3L, TimeUnit.MILLISECONDS, threads));
				SensorBindingResponse answer = bind.get();
				end.get();

				Document stored = this.mongo.getCollection("sensor_bindings")
					.find(new Document("_id", deployment.value()))
					.first();
				assertThat((stored != null) ? stored.getString("state") : "none").as("round %d: %s", i, answer)
					.isIn("none", "ENDED");
				outcomes.add((stored == null) ? "refused before storing" : "stored, then ended");
			}
		}
		// which side ends it depends on timing (the end-first order is
		// SensorBindingIT's); never neither
		assertThat(outcomes).hasSize(40);
		// and the plain orders: bind then end, end then bind
		DeploymentId first = DeploymentId.random();
		Instant sent = Instant.now();
		SensorBindingRequest request = new SensorBindingRequest(UUID.randomUUID().toString(), first, AppId.of("race"),
				owner, List.of(new SensorRequirement("temperature", location, 1, List.of())), Map.of(),
				Map.of("sink", SensorDelivery.NONE));
		assertThat(this.bindings.bind(request, sent).bound()).isTrue();
		assertThat(this.mongo.getCollection("sensor_bindings")
			.find(new Document("_id", first.value()))
			.first()
			.getString("state")).isEqualTo("ACTIVE");
		this.bindings.end(first.value(), sent.plusSeconds(1), "deployment stopped");
		assertThat(this.mongo.getCollection("sensor_bindings")
			.find(new Document("_id", first.value()))
			.first()
			.getString("state")).isEqualTo("ENDED");
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
