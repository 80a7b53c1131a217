package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.samples.SampleApps;
import tools.jackson.databind.JsonNode;

/**
 * The app developer's journey on the running platform, through the gateway: upload,
 * deploy, follow the link, stop; schedules; an instance killed and healed; an app that
 * cannot start.
 */
@ExtendWith(SharedPlatform.class)
class AppLifecycleIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	private Platform platform;

	private PlatformApi api;

	@BeforeEach
	void uploadSamples(Platform platform) {
		this.platform = platform;
		this.api = new PlatformApi(platform).asAdmin(platform);
		this.api.ensureGreenhouseSensor(); // the Python sample is bound to one
		for (String sample : List.of(SampleApps.PYTHON_GREENHOUSE, SampleApps.JAVA_HELLO)) {
			HttpResponse<String> upload = this.api.upload(SampleApps.zip(sample), sample + ".zip");
			assertThat(upload.statusCode()).as(upload.body()).isIn(201, 409);
		}
	}

	@Test
	void thePythonSampleDeployedNowAnswersThroughItsLinkAndStopsCleanly() {
		String id = deploy("greenhouse", "{\"schedule\": {\"type\": \"now\"}}");
		JsonNode running = awaitStatus(id, "RUNNING", TO_RUNNING);
		String link = this.api.local(running.get("url").asString());
		assertThat(link).endsWith("/apps/greenhouse/");
		String instanceId = running.get("instances").get(0).get("id").asString();
		assertThat(running.get("instances").get(0).get("runtime").asString()).isEqualTo("process");

		HttpResponse<String> page = this.api.getLink(link + "?format=json");
		assertThat(page.statusCode()).isEqualTo(200);
		JsonNode answer = PlatformApi.json(page);
		assertThat(answer.get("app").asString()).isEqualTo("greenhouse");
		assertThat(answer.get("instance").asString()).isEqualTo(instanceId);
		assertThat(this.api.get(link).body()).contains("Greenhouse").contains("href=\"/apps/greenhouse/readings\"");
		assertThat(NodeProcesses.ofInstance(this.platform, instanceId)).isNotEmpty();

		assertThat(this.api.delete("/api/deployments/" + id).statusCode()).isIn(200, 202, 204);

		await().atMost(Duration.ofSeconds(10)).until(() -> List.of(404, 503).contains(this.api.get(link).statusCode()));
		awaitStatus(id, "STOPPED", Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(NodeProcesses.ofInstance(this.platform, instanceId)).isEmpty());
	}

	@Test
	void theJavaSampleWithTwoInstancesAnswersFromBoth() {
		String id = deploy("hello-java", "{\"schedule\": {\"type\": \"now\"}, \"instances\": {\"web\": 2}}");
		JsonNode running = awaitStatus(id, "RUNNING", TO_RUNNING);
		assertThat(running.get("instances")).hasSize(2);
		String link = this.api.local(running.get("url").asString());

		this.api.getLink(link);
		Set<String> answeredBy = new HashSet<>();
		Pattern instance = Pattern.compile("Instance (i-[a-z0-9]+)");
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> page = this.api.get(link);
			assertThat(page.statusCode()).isEqualTo(200);
			Matcher matcher = instance.matcher(page.body());
			assertThat(matcher.find()).as(page.body()).isTrue();
			answeredBy.add(matcher.group(1));
		}
		Set<String> deployed = new HashSet<>();
		running.get("instances").forEach(i -> deployed.add(i.get("id").asString()));
		assertThat(answeredBy).isEqualTo(deployed);

		this.api.delete("/api/deployments/" + id);
		awaitStatus(id, "STOPPED", Duration.ofSeconds(30));
	}

	@Test
	void aKilledInstanceIsRestartedAndTheLinkAnswersAgain() {
		String id = deploy("greenhouse", "{\"schedule\": {\"type\": \"now\"}}");
		JsonNode running = awaitStatus(id, "RUNNING", TO_RUNNING);
		String link = this.api.local(running.get("url").asString());
		String instanceId = running.get("instances").get(0).get("id").asString();
		List<ProcessHandle> before = NodeProcesses.ofInstance(this.platform, instanceId);
		assertThat(before).isNotEmpty();

		before.forEach(ProcessHandle::destroyForcibly);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<ProcessHandle> after = NodeProcesses.ofInstance(this.platform, instanceId);
			assertThat(after).isNotEmpty().noneMatch(p -> before.stream().anyMatch(b -> b.pid() == p.pid()));
			assertThat(this.api.get(link).statusCode()).isEqualTo(200);
		});
		assertThat(status(id).get("status").asString()).isEqualTo("RUNNING");

		this.api.delete("/api/deployments/" + id);
		awaitStatus(id, "STOPPED", Duration.ofSeconds(30));
	}

	@Test
	void anAppThatExitsAtOnceEndsFailedWithItsReasonInsteadOfRestartingForever() {
		String name = "crasher-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(this.api.upload(AppZips.crashingApp(name), name + ".zip").statusCode()).isEqualTo(201);
		String id = deploy(name, "{\"schedule\": {\"type\": \"now\"}}");

		JsonNode failed = awaitStatus(id, "FAILED", TO_RUNNING);

		String reason = StreamSupport.stream(failed.get("history").spliterator(), false)
			.filter(h -> h.get("status").asString().equals("FAILED"))
			.map(h -> h.get("reason").asString())
			.findFirst()
			.orElseThrow();
		assertThat(reason).contains("boom: cannot start").contains("code 3");
		String instanceId = failed.get("instances").get(0).get("id").asString();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(NodeProcesses.ofInstance(this.platform, instanceId)).isEmpty());
		assertThat(status(id).get("status").asString()).isEqualTo("FAILED");
	}

	@Test
	void anAtDeploymentStartsOnTime() {
		Instant at = Instant.now().plusSeconds(6).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		String id = deploy("greenhouse", "{\"schedule\": {\"type\": \"at\", \"at\": \"" + at + "\"}}");
		assertThat(status(id).get("status").asString()).isEqualTo("SCHEDULED");

		awaitStatus(id, "RUNNING", TO_RUNNING);

		Instant fired = transitionTime(status(id), "DEPLOYING");
		assertThat(Duration.between(at, fired).abs()).isLessThanOrEqualTo(Duration.ofSeconds(2));
		this.api.delete("/api/deployments/" + id);
		awaitStatus(id, "STOPPED", Duration.ofSeconds(30));
	}

	@Test
	void aCronDeploymentWithADurationStartsAndStopsTwice() {
		// In the test platform durationMinutes counts seconds
		// (iotp.deployer.duration-unit=1s).
		String id = deploy("greenhouse",
				"{\"schedule\": {\"type\": \"cron\", \"cron\": \"*/15 * * * * *\"}, \"durationMinutes\": 3}");

		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
			JsonNode deployment = status(id);
			assertThat(count(deployment, "RUNNING")).isGreaterThanOrEqualTo(2);
			assertThat(count(deployment, "STOPPED")).isGreaterThanOrEqualTo(2);
		});

		assertThat(this.api.delete("/api/deployments/" + id).statusCode()).isIn(200, 202, 204);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> List.of("CANCELLED", "STOPPED").contains(status(id).get("status").asString()));
	}

	@Test
	void aScheduleSurvivesAnAppControllerCrashAndFiresExactlyOnce() {
		Instant at = Instant.now().plusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		String id = deploy("greenhouse", "{\"schedule\": {\"type\": \"at\", \"at\": \"" + at + "\"}}");
		ComponentStatus appController = this.platform.status()
			.stream()
			.filter(row -> row.name().equals("app-controller"))
			.findFirst()
			.orElseThrow();

		ProcessHandle.of(appController.pid()).orElseThrow().destroyForcibly();
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(appController.pid()).isEmpty());
		this.platform.up();

		JsonNode running = awaitStatus(id, "RUNNING", TO_RUNNING);
		assertThat(count(running, "DEPLOYING")).isEqualTo(1);
		assertThat(requestsPublishedFor(id)).isEqualTo(1);
		this.api.delete("/api/deployments/" + id);
		awaitStatus(id, "STOPPED", Duration.ofSeconds(30));
	}

	@Test
	void aBrokenZipIsRejectedWithItsProblemsAndNothingIsStored() {
		String name = "broken-" + UUID.randomUUID().toString().substring(0, 6);
		byte[] zip = AppZips.zip(Map.of("appConfig.json",
				"{\"name\": \"" + name + "\", \"version\": \"1.0.0\", " + "\"entryService\": \"web\"}",
				"services/web/config.json", "{\"runtime\": \"cobol\"}", "../escape.txt", "x"));

		HttpResponse<String> rejected = this.api.upload(zip, "broken.zip");

		assertThat(rejected.statusCode()).isEqualTo(422);
		assertThat(rejected.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = PlatformApi.json(rejected);
		assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(2);
		assertThat(rejected.body()).contains("../escape.txt").contains("cobol");
		assertThat(this.api.get("/api/apps").body()).doesNotContain(name);
		assertThat(this.api.get("/api/apps/" + name).statusCode()).isEqualTo(404);
	}

	private String deploy(String app, String request) {
		HttpResponse<String> response = this.api.postJson("/api/apps/" + app + "/deployments", request);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return PlatformApi.json(response).get("id").asString();
	}

	private JsonNode status(String id) {
		HttpResponse<String> response = this.api.get("/api/deployments/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return PlatformApi.json(response);
	}

	private JsonNode awaitStatus(String id, String wanted, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			last[0] = status(id);
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo(wanted);
		});
		return last[0];
	}

	private static long count(JsonNode deployment, String state) {
		return StreamSupport.stream(deployment.get("history").spliterator(), false)
			.filter(h -> h.get("status").asString().equals(state))
			.count();
	}

	private static Instant transitionTime(JsonNode deployment, String state) {
		return StreamSupport.stream(deployment.get("history").spliterator(), false)
			.filter(h -> h.get("status").asString().equals(state))
			.map(h -> Instant.parse(h.get("at").asString()))
			.findFirst()
			.orElseThrow();
	}

	private long requestsPublishedFor(String deploymentId) {
		EnvelopeCodec codec = new EnvelopeCodec();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				SharedPlatform.kafkaAdminConfig(this.platform.layout(), ConsumerConfig.GROUP_ID_CONFIG,
						"count-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(TopicNames.SCHEDULER_TO_DEPLOYER));
			// A request re-sent from the outbox keeps its envelope id: count distinct
			// requests, not records.
			Set<String> requests = new HashSet<>();
			Instant until = Instant.now().plusSeconds(10);
			while (Instant.now().isBefore(until)) {
				consumer.poll(Duration.ofMillis(500)).forEach(record -> {
					var envelope = codec.decode(record.value());
					if (deploymentId.equals(record.key()) && envelope.payload() instanceof DeploymentRequested) {
						requests.add(envelope.id());
					}
				});
			}
			return requests.size();
		}
	}

}
