package io.iotp.appcontroller.deployment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.appcontroller.support.AppControllerTest;
import io.iotp.appcontroller.support.TestZips;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.Topics;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.InstanceSummary;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deployments through their whole life over real HTTP and a real Kafka broker: this test
 * plays the developer (REST) and the deployer (reads {@code scheduler-to-deployer},
 * writes {@code deployment-status}).
 */
@AppControllerTest
class DeploymentsIT {

	@LocalServerPort
	int port;

	/**
	 * The context's broker itself: the bootstrap-servers system property is gone once
	 * another broker stops.
	 */
	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	MessagePublisher publisher;

	@Autowired
	DeploymentStore store;

	@Autowired
	Outbox outbox;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	TestTokens tokens;

	private Api api;

	private KafkaProbe deployer;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.tokens.developer("dev-d"));
		this.deployer = new KafkaProbe(this.broker.getBrokersAsString(), TopicNames.SCHEDULER_TO_DEPLOYER);
	}

	@AfterEach
	void tearDown() {
		this.deployer.close();
	}

	@Test
	void aDeploymentNowIsRequestedFromTheDeployerAtOnceWithEverythingItNeeds() {
		String app = uploadApp();
		String sha256 = this.api.get("/api/apps/" + app).json().path("versions").get(0).path("sha256").asString();

		Api.Response accepted = this.api.postJson("/api/apps/" + app + "/deployments", """
				{"schedule": {"type": "now"}, "durationMinutes": 5, "instances": {"web": 2},
				 "sensors": {"worker": ["t-1", "t-2"]}}""");

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		String id = accepted.json().path("id").asString();
		assertThat(id).startsWith("d-");
		assertThat(accepted.json().path("status").asString()).isEqualTo("SCHEDULED");
		assertThat(accepted.location()).endsWith("/api/deployments/" + id);
		KafkaProbe.Received message = awaitRequests(id, 1).getFirst();
		assertThat(message.envelope().type()).isEqualTo("deployment-requested");
		assertThat(message.envelope().correlationId()).isEqualTo(id);
		DeploymentRequested requested = (DeploymentRequested) message.payload();
		assertThat(requested.deploymentId()).isEqualTo(DeploymentId.of(id));
		assertThat(requested.app()).isEqualTo(AppId.of(app));
		assertThat(requested.version()).isEqualTo("1.0.0");
		assertThat(requested.owner()).isEqualTo("dev-d");
		assertThat(requested.artifactKey()).isEqualTo("apps/" + app + "/1.0.0/app.zip");
		assertThat(requested.artifactSha256()).isEqualTo(sha256);
		assertThat(requested.entryService()).isEqualTo("web");
		assertThat(requested.access()).isEqualTo(AppAccess.PUBLIC);
		assertThat(requested.services()).extracting(ServiceSpec::name).containsExactly("web", "worker");
		assertThat(requested.services().get(1).command()).containsExactly("./run.sh");
		assertThat(requested.durationMinutes()).isEqualTo(5);
		assertThat(requested.instances()).containsExactlyEntriesOf(Map.of("web", 2));
		assertThat(requested.sensors()).singleElement()
			.satisfies((sensor) -> assertThat(sensor.type()).isEqualTo("temperature"));
		assertThat(requested.sensorBindings()).containsEntry("worker", List.of(SensorId.of("t-1"), SensorId.of("t-2")));

		JsonNode deployment = this.api.get("/api/deployments/" + id).json();
		assertThat(deployment.path("status").asString()).isEqualTo("DEPLOYING");
		assertThat(deployment.path("appId").asString()).isEqualTo(app);
		assertThat(deployment.path("schedule").path("type").asString()).isEqualTo("now");
		assertThat(deployment.path("schedule").path("nextRunAt").isNull()).isTrue();
		assertThat(statuses(deployment)).containsExactly("SCHEDULED", "DEPLOYING");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.find(id).orElseThrow().outbox().isEmpty());
	}

	@Test
	void theDeployersReportsMakeItRunningAndAStopMakesItStopped() {
		String app = uploadApp();
		String id = deploy(app, "{}");
		awaitRequests(id, 1);
		Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		report(id, app, DeploymentState.DEPLOYING, null, t0, InstanceState.STARTING);
		report(id, app, DeploymentState.RUNNING, "http://localhost:8080/apps/" + app + "/", t0.plusMillis(500),
				InstanceState.HEALTHY);

		JsonNode running = awaitStatus(id, "RUNNING");
		assertThat(running.path("url").asString()).isEqualTo("http://localhost:8080/apps/" + app + "/");
		JsonNode instance = running.path("instances").get(0);
		assertThat(instance.path("id").asString()).isEqualTo("i-" + id);
		assertThat(instance.path("service").asString()).isEqualTo("web");
		assertThat(instance.path("node").asString()).isEqualTo("local-1");
		assertThat(instance.path("state").asString()).isEqualTo("HEALTHY");
		assertThat(instance.path("endpoint").asString()).isEqualTo("127.0.0.1:40001");
		assertThat(instance.path("runtime").asString()).isEqualTo("docker");
		assertThat(statuses(running)).containsExactly("SCHEDULED", "DEPLOYING", "RUNNING");
		assertThat(running.path("history").get(2).path("at").asString()).isEqualTo(t0.plusMillis(500).toString());

		// a late duplicate of an earlier report changes nothing
		report(id, app, DeploymentState.DEPLOYING, null, t0, InstanceState.STARTING);

		// an instance replaced while running is in the history with its reason; the same
		// report again is not
		String replaced = "instance i-old LOST on node n-2 (node n-2 is DOWN); replaced by i-" + id
				+ " on node local-1";
		report(id, app, DeploymentState.RUNNING, null, replaced, t0.plusMillis(800), InstanceState.HEALTHY);
		report(id, app, DeploymentState.RUNNING, null, replaced, t0.plusMillis(800), InstanceState.HEALTHY);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> statuses(this.api.get("/api/deployments/" + id).json()).size() == 4);
		JsonNode afterReplacement = this.api.get("/api/deployments/" + id).json();
		assertThat(afterReplacement.path("reason").asString()).isEqualTo(replaced);
		assertThat(afterReplacement.path("history").get(3).path("reason").asString()).isEqualTo(replaced);

		Api.Response stop = this.api.delete("/api/deployments/" + id);
		assertThat(stop.status()).isEqualTo(202);
		assertThat(stop.json().path("status").asString()).isEqualTo("STOPPING");
		List<KafkaProbe.Received> commands = awaitCommands(id, 2);
		assertThat(commands.get(1).payload()).isInstanceOfSatisfying(StopDeployment.class,
				(command) -> assertThat(command.reason()).isEqualTo("stop requested by dev-d"));

		report(id, app, DeploymentState.STOPPED, null, t0.plusSeconds(2), InstanceState.STOPPED);
		JsonNode stopped = awaitStatus(id, "STOPPED");
		assertThat(statuses(stopped)).containsExactly("SCHEDULED", "DEPLOYING", "RUNNING", "RUNNING", "STOPPING",
				"STOPPED");
		assertThat(stopped.path("url").isNull()).isTrue();

		// late reports of a finished deployment change nothing, and deleting it again is
		// harmless
		report(id, app, DeploymentState.RUNNING, "http://late", t0.plusSeconds(3), InstanceState.HEALTHY);
		Api.Response again = this.api.delete("/api/deployments/" + id);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.json().path("status").asString()).isEqualTo("STOPPED");
		await().during(Duration.ofMillis(700))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.api.get("/api/deployments/" + id).json().path("status").asString().equals("STOPPED"));
		assertThat(awaitCommands(id, 2)).hasSize(2);
	}

	@Test
	void aStopWhileDeployingEndsStoppedEvenIfRunningIsReportedMeanwhile() {
		String app = uploadApp();
		String id = deploy(app, "{}");
		awaitRequests(id, 1);
		Instant t0 = Instant.now();

		assertThat(this.api.delete("/api/deployments/" + id).json().path("status").asString()).isEqualTo("STOPPING");
		report(id, app, DeploymentState.RUNNING, "http://localhost:8080/apps/" + app + "/", t0, InstanceState.HEALTHY);
		report(id, app, DeploymentState.STOPPING, null, t0.plusMillis(100), InstanceState.HEALTHY);
		report(id, app, DeploymentState.STOPPED, null, t0.plusMillis(200), InstanceState.STOPPED);

		JsonNode stopped = awaitStatus(id, "STOPPED");
		assertThat(statuses(stopped)).containsExactly("SCHEDULED", "DEPLOYING", "STOPPING", "STOPPED");
	}

	@Test
	void aFailureIsKeptWithItsReasonAndCode() {
		String app = uploadApp();
		String id = deploy(app, "{}");
		awaitRequests(id, 1);

		this.publisher.publish(Topics.DEPLOYMENT_STATUS,
				new DeploymentStatusChanged(DeploymentId.of(id), AppId.of(app), DeploymentState.FAILED,
						"no node for service web", "deployment.no-node", List.of(), null, Instant.now()));

		JsonNode failed = awaitStatus(id, "FAILED");
		assertThat(failed.path("reason").asString()).isEqualTo("no node for service web");
		assertThat(failed.path("errorCode").asString()).isEqualTo("deployment.no-node");
		assertThat(failed.path("history").get(2).path("reason").asString()).isEqualTo("no node for service web");
	}

	@Test
	void aDeploymentAtATimeFiresOnTimeAndOnce() {
		String app = uploadApp();
		Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);

		String id = deploy(app, "{\"schedule\": {\"type\": \"at\", \"at\": \"" + at + "\"}}");

		JsonNode scheduled = this.api.get("/api/deployments/" + id).json();
		assertThat(scheduled.path("status").asString()).isEqualTo("SCHEDULED");
		assertThat(scheduled.path("schedule").path("nextRunAt").asString()).isEqualTo(at.toString());
		KafkaProbe.Received fired = awaitRequests(id, 1).getFirst();
		assertThat(Duration.between(at, fired.receivedAt()).abs()).isLessThan(Duration.ofSeconds(1));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.deployer.keyed(id).size() == 1);
		assertThat(this.api.get("/api/deployments/" + id).json().path("status").asString()).isEqualTo("DEPLOYING");
	}

	@Test
	void aCronDeploymentRunsAgainAfterEachRunUntilItIsStopped() {
		String app = uploadApp();
		String id = deploy(app,
				"{\"schedule\": {\"type\": \"cron\", \"cron\": \"*/2 * * * * *\"}, \"durationMinutes\": 1}");
		JsonNode scheduled = this.api.get("/api/deployments/" + id).json();
		assertThat(scheduled.path("schedule").path("cron").asString()).isEqualTo("*/2 * * * * *");
		assertThat(scheduled.path("schedule").path("nextRunAt").isString()).isTrue();

		DeploymentRequested first = (DeploymentRequested) awaitRequests(id, 1).getFirst().payload();
		assertThat(first.durationMinutes()).isEqualTo(1);
		Instant t0 = Instant.now();
		report(id, app, DeploymentState.RUNNING, "http://localhost:8080/apps/" + app + "/", t0, InstanceState.HEALTHY);
		awaitStatus(id, "RUNNING");
		report(id, app, DeploymentState.STOPPED, null, "duration of 1 minutes over", t0.plusMillis(100),
				InstanceState.STOPPED);

		// back to SCHEDULED with the run's end kept, then the next run fires
		List<KafkaProbe.Received> requests = awaitRequests(id, 2);
		assertThat(requests.get(1).envelope().id()).isNotEqualTo(requests.get(0).envelope().id());
		JsonNode second = awaitStatus(id, "DEPLOYING");
		assertThat(statuses(second)).containsExactly("SCHEDULED", "DEPLOYING", "RUNNING", "STOPPED", "SCHEDULED",
				"DEPLOYING");
		assertThat(second.path("history").get(3).path("reason").asString()).isEqualTo("duration of 1 minutes over");
		assertThat(second.path("runs").asInt()).isEqualTo(2);

		// a late report of the first run does not touch the second
		report(id, app, DeploymentState.RUNNING, "http://stale", t0, InstanceState.HEALTHY);
		// stopped by its developer, it stays stopped
		assertThat(this.api.delete("/api/deployments/" + id).json().path("status").asString()).isEqualTo("STOPPING");
		report(id, app, DeploymentState.STOPPED, null, Instant.now(), InstanceState.STOPPED);
		JsonNode stopped = awaitStatus(id, "STOPPED");
		assertThat(stopped.path("schedule").path("nextRunAt").isNull()).isTrue();
		List<String> secondRun = statuses(stopped).subList(4, statuses(stopped).size());
		assertThat(secondRun).containsExactly("SCHEDULED", "DEPLOYING", "STOPPING", "STOPPED");
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> requests(id).size() == 2);
	}

	@Test
	void aScheduledDeploymentIsCancelled() {
		String app = uploadApp();
		String id = deploy(app,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");

		Api.Response cancelled = this.api.delete("/api/deployments/" + id);

		assertThat(cancelled.status()).isEqualTo(202);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		JsonNode deployment = this.api.get("/api/deployments/" + id).json();
		assertThat(deployment.path("schedule").path("nextRunAt").isNull()).isTrue();
		assertThat(statuses(deployment)).containsExactly("SCHEDULED", "CANCELLED");
		assertThat(this.deployer.keyed(id)).isEmpty();
	}

	@Test
	void anAppCannotBeDeletedWhileADeploymentOfItIsActive() {
		String app = uploadApp();
		String id = deploy(app, "{}");
		awaitRequests(id, 1);
		report(id, app, DeploymentState.RUNNING, "http://localhost:8080/apps/" + app + "/", Instant.now(),
				InstanceState.HEALTHY);
		awaitStatus(id, "RUNNING");

		Api.Response conflict = this.api.delete("/api/apps/" + app);

		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.contentType()).startsWith("application/problem+json");
		assertThat(conflict.json().path("code").asString()).isEqualTo("resource.conflict");
		assertThat(conflict.json().path("detail").asString()).contains(id + " (RUNNING)");
		this.api.delete("/api/deployments/" + id);
		report(id, app, DeploymentState.STOPPED, null, Instant.now().plusSeconds(1), InstanceState.STOPPED);
		awaitStatus(id, "STOPPED");
		assertThat(this.api.delete("/api/apps/" + app).status()).isEqualTo(204);
	}

	@Test
	void badRequestsAreProblemsAndScheduleNothing() {
		String app = uploadApp();
		long before = this.mongo.getCollection(DeploymentDocument.COLLECTION).countDocuments();
		String path = "/api/apps/" + app + "/deployments";

		assertProblem(this.api.postJson(path, "{\"version\": \"9.9.9\"}"), 400, "/version");
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"at\", \"at\": \"2020-01-01T00:00:00Z\"}}"),
				400, "/schedule/at");
		assertProblem(this.api.postJson(path,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plus(Duration.ofDays(400)) + "\"}}"),
				400, "/schedule/at");
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"cron\", \"cron\": \"61 * * * * *\"}}"), 400,
				"/schedule/cron");
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"cron\", \"cron\": \"0 8 * * *\"}}"), 400,
				"/schedule/cron");
		// more often than min-cron-interval (2 s in these tests): every second, and twice
		// a second once a day
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"cron\", \"cron\": \"* * * * * *\"}}"), 400,
				"/schedule/cron");
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"cron\", \"cron\": \"0,1 0 8 * * *\"}}"), 400,
				"/schedule/cron");
		assertProblem(
				this.api.postJson(path,
						"{\"schedule\": {\"type\": \"cron\", \"cron\": \"0 0 8 * * *\", \"zone\": \"Mars/Olympus\"}}"),
				400, "/schedule/zone");
		assertProblem(this.api.postJson(path, "{\"schedule\": {\"type\": \"weekly\"}}"), 400, "/schedule");
		assertProblem(this.api.postJson(path, "{\"instances\": {\"nope\": 1}}"), 400, "/instances/nope");
		assertProblem(this.api.postJson(path, "{\"instances\": {\"web\": 4}}"), 400, "/instances/web");
		assertProblem(this.api.postJson(path, "{\"sensors\": {\"nope\": [\"t-1\"]}}"), 400, "/sensors/nope");
		assertProblem(this.api.postJson(path, "{\"durationMinutes\": 0}"), 400, "/durationMinutes");
		Api.Response malformed = this.api.postJson(path, "{\"schedule\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().path("code").asString()).isEqualTo("request.malformed");
		Api.Response unknownApp = this.api.postJson("/api/apps/no-such-app/deployments", "{}");
		assertThat(unknownApp.status()).isEqualTo(404);
		assertThat(unknownApp.json().path("code").asString()).isEqualTo("resource.not-found");

		assertThat(this.mongo.getCollection(DeploymentDocument.COLLECTION).countDocuments()).isEqualTo(before);
	}

	@Test
	void listsDeploymentsNewestFirst() {
		String app = uploadApp();
		String first = deploy(app,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");
		String second = deploy(app,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");

		JsonNode all = this.api.get("/api/deployments").json();
		JsonNode ofApp = this.api.get("/api/deployments?appId=" + app).json();

		assertThat(all.isArray()).isTrue();
		assertThat(ids(ofApp)).containsExactly(second, first);
		assertThat(ids(all)).containsSubsequence(second, first);
		assertThat(this.api.get("/api/deployments/d-unknown").status()).isEqualTo(404);
	}

	@Test
	void theSweeperPublishesWhatACrashLeftInAnOutbox() {
		String app = uploadApp();
		String id = deploy(app,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");
		DeploymentDocument deployment = this.store.find(id).orElseThrow();
		DeploymentDocument.OutboxMessage prepared = this.outbox.prepare(Topics.SCHEDULER_TO_DEPLOYER, id,
				DeploymentTransitions.requested(deployment));
		DeploymentDocument.OutboxMessage left = new DeploymentDocument.OutboxMessage(prepared.messageId(),
				prepared.topic(), prepared.key(), prepared.envelope(), Instant.now().minusSeconds(60));
		// what a crash right after the transition leaves: the message stored, never sent
		this.mongo.updateFirst(Query.query(Criteria.where("id").is(id)), new Update().push("outbox", left),
				DeploymentDocument.class);

		KafkaProbe.Received sent = awaitRequests(id, 1).getFirst();

		assertThat(sent.envelope().id()).isEqualTo(prepared.messageId());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.find(id).orElseThrow().outbox().isEmpty());
	}

	@Test
	void aClaimWhoseReplicaDiedIsTakenOverWhenItsLeaseExpires() {
		String app = uploadApp();
		String id = deploy(app,
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");
		Instant leaseUntil = Instant.now().plusSeconds(2);
		// a replica claimed it (due now) and died before firing
		this.mongo.updateFirst(Query.query(Criteria.where("id").is(id)),
				new Update().set("schedule.nextRunAt", Instant.now())
					.set("schedule.claimedBy", "app-controller-dead")
					.set("schedule.leaseUntil", leaseUntil),
				DeploymentDocument.class);

		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> requests(id).isEmpty());
		KafkaProbe.Received fired = awaitRequests(id, 1).getFirst();

		assertThat(fired.receivedAt()).isAfterOrEqualTo(leaseUntil);
		assertThat(this.api.get("/api/deployments/" + id).json().path("status").asString()).isEqualTo("DEPLOYING");
	}

	private String uploadApp() {
		String app = "app-" + UUID.randomUUID().toString().substring(0, 8);
		Api.Response uploaded = this.api.upload(TestZips.app(app, "1.0.0").bytes());
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		return app;
	}

	private String deploy(String app, String request) {
		Api.Response accepted = this.api.postJson("/api/apps/" + app + "/deployments", request);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		return accepted.json().path("id").asString();
	}

	private void report(String id, String app, DeploymentState state, String url, Instant at, InstanceState instance) {
		report(id, app, state, url, null, at, instance);
	}

	private void report(String id, String app, DeploymentState state, String url, String reason, Instant at,
			InstanceState instance) {
		InstanceSummary summary = new InstanceSummary(InstanceId.of("i-" + id), "web", NodeId.of("local-1"), instance,
				"127.0.0.1:40001", ExecutionMode.DOCKER);
		this.publisher.publish(Topics.DEPLOYMENT_STATUS, new DeploymentStatusChanged(DeploymentId.of(id), AppId.of(app),
				state, reason, null, List.of(summary), url, at));
	}

	private List<KafkaProbe.Received> requests(String id) {
		return this.deployer.received(id)
			.stream()
			.filter((message) -> message.payload() instanceof DeploymentRequested)
			.toList();
	}

	private List<KafkaProbe.Received> awaitRequests(String id, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> requests(id).size() >= count);
		return requests(id);
	}

	private List<KafkaProbe.Received> awaitCommands(String id, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deployer.keyed(id).size() >= count);
		return this.deployer.received(id);
	}

	private JsonNode awaitStatus(String id, String status) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/api/deployments/" + id).json().path("status").asString().equals(status));
		return this.api.get("/api/deployments/" + id).json();
	}

	private static List<String> statuses(JsonNode deployment) {
		return deployment.path("history").valueStream().map((entry) -> entry.path("status").asString()).toList();
	}

	private static List<String> ids(JsonNode deployments) {
		return deployments.valueStream().map((deployment) -> deployment.path("id").asString()).toList();
	}

	private static void assertProblem(Api.Response response, int status, String path) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("request.validation");
		assertThat(response.json().path("errors").valueStream().map((error) -> error.path("path").asString()))
			.as(response.toString())
			.contains(path);
	}

}
