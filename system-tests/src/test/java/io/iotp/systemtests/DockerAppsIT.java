package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.contracts.samples.SampleApps;
import tools.jackson.databind.JsonNode;

/**
 * A platform whose node runs developers' apps in containers ({@code iotp up
 * --app-runtime docker}), through the gateway: the Python sample's link answers, sensor
 * data reaches it, its logs are searchable, its image is in the platform's registry; an
 * app that looks around reaches none of the platform's files or ports, only the gateway;
 * and {@code iotp down} leaves no container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerAppsIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(120);

	private static Platform platform;

	private static PlatformApi admin;

	private static final List<String> instances = new ArrayList<>();

	/** Apps made up by a test, whose images go when it ends. */
	private static final List<String> madeUpApps = new ArrayList<>();

	@BeforeAll
	static void startPlatform() throws Exception {
		DockerCli.require("DockerAppsIT");
		PlatformLayout shared = SharedPlatform.newLayout("docker-apps");
		List<String> arguments = new ArrayList<>(shared.serviceArguments());
		arguments.add("--iotp.node.docker.mode=on");
		PlatformLayout layout = new PlatformLayout(shared.projectRoot(), shared.dataDir(), shared.ports(), null,
				shared.javaCommand(), shared.serviceJvmOptions(), arguments);
		platform = SharedPlatform.newPlatform(layout);
		platform.up();
		admin = new PlatformApi(platform).asAdmin(platform);
	}

	@AfterAll
	static void stopPlatform() {
		if (platform == null) {
			return;
		}
		platform.down();
		assertThat(PlatformProcesses.of(platform.layout())).as("processes left after iotp down").isEmpty();
		for (String instance : instances) {
			assertThat(DockerCli.containersLabelled("io.iotp.instance", instance))
				.as("containers of instance %s left after iotp down", instance)
				.isEmpty();
		}
		// an image has a local name and one behind the registry's address: one removal
		// each
		Set<String> images = new LinkedHashSet<>();
		for (String app : madeUpApps) {
			for (String reference : List.of("iotp-apps/" + app + "/*", "*/iotp-apps/" + app + "/*")) {
				images
					.addAll(List.of(DockerCli.run("images", "-q", "--filter", "reference=" + reference).split("\\s+")));
			}
		}
		images.stream().filter((image) -> !image.isBlank()).forEach((image) -> DockerCli.run("rmi", "-f", image));
	}

	@Test
	@Order(1)
	void thePythonSampleRunsInAContainerAndGetsItsSensorData() throws Exception {
		admin.ensureTemperatureType();
		String sensor = "dk-" + UUID.randomUUID().toString().substring(0, 8);
		String key = admin.registerSensor(sensor, "temperature", "greenhouse-1");
		HttpResponse<String> upload = admin.upload(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE),
				SampleApps.PYTHON_GREENHOUSE + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isIn(201, 409);
		String deployment = deploy("greenhouse");
		JsonNode running = admin.awaitDeployment(deployment, "RUNNING", TO_RUNNING);
		String instance = running.get("instances").get(0).get("id").asString();
		instances.add(instance);
		assertThat(running.get("instances").findValuesAsString("runtime")).containsOnly("docker");
		String link = admin.local(running.get("url").asString());

		HttpResponse<String> page = admin.getLink(link + "?format=json");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(PlatformApi.json(page).get("instance").asString()).isEqualTo(instance);
		List<String> containers = DockerCli.containersLabelled("io.iotp.instance", instance);
		assertThat(containers).hasSize(1);
		assertThat(DockerCli.run("inspect", "--format",
				"{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.NetworkMode}}",
				containers.getFirst()))
			.isEqualTo("10001:10001 true [ALL] iotp-apps");

		HttpResponse<String> sent = admin.sendReadings(sensor, key, "[{\"values\": {\"temperature\": 23.5}}]");
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode readings = PlatformApi.json(admin.get(link + "readings"));
			assertThat(readings.findValuesAsString("sensorId")).contains(sensor);
		});
		// built once and shared through the platform's registry, which asks who calls
		Path credentials = platform.layout().dataDir().resolve("registry").resolve("node-agent.credentials");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
		String registry = "http://127.0.0.1:" + platform.layout().ports().registry() + "/v2/_catalog";
		assertThat(registryGet(registry, null).statusCode()).isEqualTo(401);
		String login = Files.readString(credentials).strip();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HttpResponse<String> catalog = registryGet(registry, login);
			assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
			assertThat(catalog.body()).contains("iotp-apps/greenhouse/dashboard");
		});
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			HttpResponse<String> logs = admin.get("/api/logs?app=greenhouse&q=listening");
			assertThat(logs.statusCode()).isEqualTo(200);
			assertThat(logs.body()).contains(instance);
		});
	}

	@Test
	@Order(2)
	void anAppInAContainerReachesNoneOfThePlatformButTheGateway() {
		// every port of the platform, the gateway's too (a container reaches it through a
		// relay only); the broker's app listener is relayed for kafka delivery alone
		Map<String, Integer> ports = ProbeApp.platformPorts(platform.layout(), "kafka (apps)");
		List<String> files = List.of(platform.layout().adminCredentialsFile().toString(),
				platform.layout().dataDir().resolve("ldap").resolve("directory.ldif").toString(),
				platform.layout().mongoFile().toString());
		List<Long> pids = platform.status().stream().map((row) -> row.pid()).filter((pid) -> pid != null).toList();
		String app = "probe" + UUID.randomUUID().toString().substring(0, 6);
		madeUpApps.add(app);
		HttpResponse<String> upload = admin.upload(ProbeApp.zip(app, ports, files, pids), app + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		String deployment = deploy(app);
		JsonNode running = admin.awaitDeployment(deployment, "RUNNING", TO_RUNNING);
		instances.add(running.get("instances").get(0).get("id").asString());
		String link = admin.local(running.get("url").asString());

		HttpResponse<String> probe = admin.getLink(link + "probe");
		assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
		JsonNode report = PlatformApi.json(probe);
		System.out.println("ISOLATION docker " + report);
		report.get("ports")
			.properties()
			.forEach((entry) -> assertThat(entry.getValue().asString())
				.as("port %s from inside the container", entry.getKey())
				.startsWith("refused"));
		report.get("files")
			.properties()
			.forEach((entry) -> assertThat(entry.getValue().asString())
				.as("file %s from inside the container", entry.getKey())
				.startsWith("refused"));
		assertThat(report.get("write-root").asString()).startsWith("refused");
		assertThat(report.get("signals").properties()).hasSize(pids.size())
			.allSatisfy((entry) -> assertThat(entry.getValue().asString())
				.as("signal to platform process %s", entry.getKey())
				.startsWith("refused"));
		assertThat(report.get("uid").asInt()).isEqualTo(10001);
		assertThat(report.get("threads").asString()).startsWith("refused after");
		assertThat(report.get("memory").asString()).as("twice its memoryMb").startsWith("refused");
		assertThat(report.get("gateway").asString()).as("IOTP_API_URL leads to the gateway").startsWith("reached");

		// the platform carries on: a service it reached for still answers its own callers
		assertThat(admin.get("/api/apps").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void aServiceInAContainerReadsItsTopicWithItsOwnKafkaLoginAndNothingElse() throws Exception {
		admin.ensureTemperatureType();
		String run = UUID.randomUUID().toString().substring(0, 6);
		String location = "vault-" + run;
		String sensor = "dkk-" + run;
		String key = admin.registerSensor(sensor, "temperature", location);
		String app = "dkafka" + run;
		madeUpApps.add(app);
		HttpResponse<String> upload = admin.upload(KafkaDeliveryIT.kafkaReadingsApp(app, location, 1), app + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		String deployment = deploy(app);
		JsonNode running = admin.awaitDeployment(deployment, "RUNNING", TO_RUNNING);
		instances.add(running.get("instances").get(0).get("id").asString());
		assertThat(running.get("instances").findValuesAsString("runtime")).containsOnly("docker");
		String link = admin.local(running.get("url").asString());

		HttpResponse<String> sent = admin.sendBatch(List.of(key), PlatformApi.temperatureBatch(List.of(sensor), 20, 0));
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> readings = admin.get(link + "readings");
			assertThat(readings.statusCode()).as(readings.body()).isEqualTo(200);
			assertThat(PlatformApi.json(readings).findValuesAsString("sensorId")).hasSize(20).containsOnly(sensor);
		});
		KafkaDeliveryIT.assertReadsOnlyItsOwn(admin, link, app);

		assertThat(admin.delete("/api/deployments/" + deployment).statusCode()).isIn(200, 202, 204);
		admin.awaitDeployment(deployment, "STOPPED", Duration.ofSeconds(30));
		KafkaDeliveryIT.assertPrincipalRevoked(platform.layout(), deployment);
	}

	@Test
	@Order(4)
	void theJavaSampleAndAServiceWithItsOwnDockerfileRunInContainersBehindTheirLinks() {
		HttpResponse<String> upload = admin.upload(SampleApps.zip(SampleApps.JAVA_HELLO),
				SampleApps.JAVA_HELLO + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isIn(201, 409);
		String java = deploy(SampleApps.appName(SampleApps.JAVA_HELLO));
		JsonNode javaRunning = admin.awaitDeployment(java, "RUNNING", TO_RUNNING);
		instances.add(javaRunning.get("instances").get(0).get("id").asString());
		assertThat(javaRunning.get("instances").findValuesAsString("runtime")).containsOnly("docker");
		HttpResponse<String> javaPage = admin.getLink(admin.local(javaRunning.get("url").asString()));
		assertThat(javaPage.statusCode()).as(javaPage.body()).isEqualTo(200);

		String app = "ownimage" + UUID.randomUUID().toString().substring(0, 6);
		madeUpApps.add(app);
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "built by its own Dockerfile", "entryService": "web"}
				""".formatted(app));
		files.put("services/web/config.json", """
				{"runtime": "python", "command": ["python3", "main.py"], "http": true, "healthPath": "/health"}
				""");
		files.put("services/web/Dockerfile", """
				FROM iotp-runtime/python:bookworm
				COPY main.py /app/main.py
				ENV GREETING=built-by-its-own-dockerfile
				""");
		files.put("services/web/main.py", """
				import os
				from http.server import BaseHTTPRequestHandler, HTTPServer
				class Handler(BaseHTTPRequestHandler):
				    def do_GET(self):
				        body = os.environ["GREETING"].encode()
				        self.send_response(200)
				        self.send_header("Content-Length", str(len(body)))
				        self.end_headers()
				        self.wfile.write(body)
				HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
				""");
		HttpResponse<String> own = admin.upload(AppZips.zip(files), app + ".zip");
		assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
		String deployment = deploy(app);
		JsonNode running = admin.awaitDeployment(deployment, "RUNNING", TO_RUNNING);
		instances.add(running.get("instances").get(0).get("id").asString());
		assertThat(running.get("instances").findValuesAsString("runtime")).containsOnly("docker");
		HttpResponse<String> page = admin.getLink(admin.local(running.get("url").asString()));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).isEqualTo("built-by-its-own-dockerfile");
	}

	private static HttpResponse<String> registryGet(String url, String userAndPassword) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
		if (userAndPassword != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
		}
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private static String deploy(String app) {
		HttpResponse<String> response = admin.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return PlatformApi.json(response).get("id").asString();
	}

}
