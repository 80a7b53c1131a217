package io.iotp.sensormanager.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.sensormanager.support.BindingReplies;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An app's token ({@code IOTP_API_TOKEN}) as the binding answer hands it out and as the
 * app uses it over real HTTP: only its bound sensors, only the calls an app needs, and
 * only while its deployment runs. The deployer is played by the test over the real
 * request/reply topics.
 */
@SensorManagerTest
class AppTokenIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	MongoTemplate mongo;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private KafkaProducer<String, byte[]> producer;

	private BindingReplies replies;

	@BeforeEach
	void start() {
		String servers = this.kafka.getBrokersAsString();
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
				new StringSerializer(), new ByteArraySerializer());
		this.replies = new BindingReplies(servers);
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.replies.close();
		this.producer.close();
	}

	@Test
	void anAppReadsAndCommandsItsBoundSensorsOnlyAndOnlyWhileItRuns() {
		String ownerName = "dev-" + UUID.randomUUID();
		Api owner = new Api(this.port).as(this.tokens.developer(ownerName));
		String loc = "gh-" + UUID.randomUUID().toString().substring(0, 8);
		Fixtures.Registered a = Fixtures.sensor(owner, loc);
		Fixtures.Registered b = Fixtures.sensor(owner, loc);
		Fixtures.Registered elsewhere = Fixtures.sensor(owner, loc + "-far");
		Fixtures.Registered foreign = Fixtures
			.sensor(new Api(this.port).as(this.tokens.developer("other-" + UUID.randomUUID())), loc);
		DeploymentId deployment = DeploymentId.random();
		String appName = "app-" + UUID.randomUUID().toString().substring(0, 8);

		SensorBindingResponse bound = bind(deployment, appName, ownerName, loc);

		assertThat(bound.bound()).as(bound.reason()).isTrue();
		String token = bound.appToken();
		assertThat(token).startsWith("iotp_app_" + deployment.value() + "_");
		assertThat(bind(deployment, appName, ownerName, loc).appToken()).as("asked again: the same token")
			.isEqualTo(token);
		Api app = new Api(this.port).as(token);

		// reading: the list holds exactly the bound sensors, others answer as a foreign
		// developer gets them
		assertThat(app.get("/api/sensors").json().findValuesAsString("id")).containsExactlyInAnyOrder(a.id(), b.id());
		assertThat(app.get("/api/sensors?location=" + loc).json().findValuesAsString("id"))
			.containsExactlyInAnyOrder(a.id(), b.id());
		assertThat(app.get("/api/sensors/" + a.id()).status()).isEqualTo(200);
		assertProblem(app.get("/api/sensors/" + elsewhere.id()), 404, "resource.not-found");
		assertProblem(app.get("/api/sensors/" + foreign.id()), 404, "resource.not-found");
		assertProblem(app.get("/api/sensors/" + elsewhere.id() + "/data/latest"), 404, "resource.not-found");
		assertProblem(app.get("/api/sensors/" + foreign.id() + "/data"), 404, "resource.not-found");
		Api.Response sent = new Api(this.port).key(a.key())
			.postJson("/api/sensors/" + a.id() + "/data", "{\"values\": {\"temperature\": 21.5}}");
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(app.get("/api/sensors/" + a.id() + "/data/latest").status()).isEqualTo(200));
		assertThat(
				app.get("/api/sensors/" + a.id() + "/data/latest").json().path("values").path("temperature").asDouble())
			.isEqualTo(21.5);
		assertThat(app.get("/api/sensors/" + a.id() + "/data?limit=10").json().path("items").size()).isEqualTo(1);

		// commanding: a bound sensor's command waits for its device, recorded as the
		// app's
		Api.Response issued = app.postJson("/api/sensors/" + b.id() + "/commands", "{\"name\": \"open\"}");
		assertThat(issued.status()).as(issued.toString()).isEqualTo(202);
		String commandId = issued.json().path("id").asString();
		assertThat(app.get("/api/sensors/" + b.id() + "/commands/" + commandId).json().path("status").asString())
			.isEqualTo("PENDING");
		assertThat(new Api(this.port).key(b.key())
			.get("/api/sensors/" + b.id() + "/commands/pending")
			.json()
			.findValuesAsString("id")).containsExactly(commandId);
		assertThat(this.mongo.getCollection("commands").find(new Document("_id", commandId)).first().getString("owner"))
			.isEqualTo("app:" + appName);
		assertProblem(app.postJson("/api/sensors/" + elsewhere.id() + "/commands", "{\"name\": \"open\"}"), 404,
				"resource.not-found");
		assertThat(app.postJson("/api/sensors/" + b.id() + "/commands", "{\"args\": {}}").status()).isEqualTo(400);

		// nothing else
		assertProblem(app.get("/api/sensor-types"), 403, "auth.forbidden");
		assertProblem(app.postJson("/api/sensors", "{\"type\": \"climate\", \"location\": \"x\"}"), 403,
				"auth.forbidden");
		assertProblem(app.delete("/api/sensors/" + a.id()), 403, "auth.forbidden");
		assertProblem(app.postJson("/api/sensors/" + a.id() + "/key", "{}"), 403, "auth.forbidden");
		assertProblem(app.putJson("/api/sensors/" + a.id(), "{\"type\": \"climate\", \"location\": \"x\"}"), 403,
				"auth.forbidden");
		assertProblem(app.get("/api/sensors/" + a.id() + "/commands/pending"), 403, "auth.forbidden");
		assertProblem(app.postJson("/api/sensors/" + a.id() + "/data", "{\"values\": {\"temperature\": 1}}"), 403,
				"auth.forbidden");

		// forged tokens
		String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
		assertProblem(new Api(this.port).as(tampered).get("/api/sensors"), 401, "auth.unauthorized");
		assertProblem(new Api(this.port).as("iotp_app_" + deployment.value()).get("/api/sensors"), 401,
				"auth.unauthorized");
		String otherDeployment = "iotp_app_" + DeploymentId.random().value() + token.substring(token.length() - 44);
		assertProblem(new Api(this.port).as(otherDeployment).get("/api/sensors/" + a.id()), 401, "auth.unauthorized");

		// a sensor that joins the binding shows in the list (IOTP_SENSORS of running
		// instances does not change)
		assertThat(owner.delete("/api/sensors/" + b.id()).status()).isEqualTo(204);
		Fixtures.Registered joined = Fixtures.sensor(owner, loc);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(app.get("/api/sensors").json().findValuesAsString("id"))
				.containsExactlyInAnyOrder(a.id(), joined.id()));

		// the deployment ends: the token stops working
		send(deployment, new DeploymentStatusChanged(deployment, AppId.of(appName), DeploymentState.STOPPED, "asked",
				null, List.of(), null, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertProblem(app.get("/api/sensors/" + a.id() + "/data/latest"), 401, "auth.unauthorized"));
		assertThat(owner.get("/api/sensors/" + a.id() + "/data/latest").status()).as("the owner still reads it")
			.isEqualTo(200);
	}

	@Test
	void anAppCallingFasterThanItMayIsToldToWait() {
		String ownerName = "dev-" + UUID.randomUUID();
		Api owner = new Api(this.port).as(this.tokens.developer(ownerName));
		String loc = "gh-" + UUID.randomUUID().toString().substring(0, 8);
		Fixtures.sensor(owner, loc);
		Fixtures.sensor(owner, loc);
		SensorBindingResponse bound = bind(DeploymentId.random(), "busy", ownerName, loc);
		assertThat(bound.bound()).as(bound.reason()).isTrue();
		Api app = new Api(this.port).as(bound.appToken());

		// 20 calls per second and 50 at once in this context: 150 in a row cannot all
		// pass
		Api.Response limited = null;
		for (int i = 0; i < 150 && limited == null; i++) {
			Api.Response response = app.get("/api/sensors");
			if (response.status() != 200) {
				limited = response;
			}
		}

		assertThat(limited).isNotNull();
		assertProblem(limited, 429, "rate.limited");
		assertThat(limited.retryAfter()).isEqualTo("1");
		assertThat(owner.get("/api/sensors").status()).as("the owner's own calls are not the app's").isEqualTo(200);
	}

	private static void assertProblem(Api.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

	private SensorBindingResponse bind(DeploymentId deployment, String app, String owner, String location) {
		SensorBindingRequest request = new SensorBindingRequest(UUID.randomUUID().toString(), deployment, AppId.of(app),
				owner, List.of(new SensorRequirement(Fixtures.CLIMATE, location, 2, List.of("web"))), Map.of(),
				Map.of("web", SensorDelivery.NONE));
		return this.replies.ask(this.producer, request, Instant.now(), Duration.ofSeconds(30));
	}

	private void send(DeploymentId deployment, Message message) {
		try {
			this.producer
				.send(new ProducerRecord<>(TopicNames.DEPLOYMENT_STATUS, deployment.value(),
						this.codec.encode(Envelope.of("deployer", null, message))))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
