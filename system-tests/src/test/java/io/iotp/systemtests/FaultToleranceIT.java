package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.ComponentSpec;
import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformComponents;
import tools.jackson.databind.JsonNode;

/**
 * Faults on the running platform, each timed from the moment it is caused: a platform
 * service killed with {@code kill -9} is declared DOWN by monitoring and brought back
 * through the bootstrapper; an app instance that keeps crashing spends its restart budget
 * and is rescheduled; a node agent killed with its instances (a second local agent being
 * the other node) is declared DOWN, its instances LOST and replaced. Every fault raises
 * one alert and one resolution, listed by the API and posted to the test webhook. Each
 * test prints {@code FAULT <name> detected=<ms> recovered=<ms>}.
 */
@ExtendWith(SharedPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	/** One Python web service that serves until it is killed, and asks for no sensors. */
	private static final String APP = "steady";

	private Platform platform;

	private PlatformApi api;

	@BeforeEach
	void connect(Platform platform) {
		this.platform = platform;
		this.api = new PlatformApi(platform).asAdmin(platform);
		HttpResponse<String> upload = this.api.upload(steadyApp(), APP + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isIn(201, 409);
	}

	@Test
	@Order(1)
	void aKilledPlatformServiceIsDeclaredDownRestartedAndHealthyAgain() {
		String service = "logger";
		await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(state(service)));
		long pid = pidOf(service);

		Instant killed = Instant.now();
		ProcessHandle.of(pid).orElseThrow().destroyForcibly();

		JsonNode down = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> component(service), c -> c != null && "DOWN".equals(c.get("state").asString()));
		Instant detected = Instant.parse(down.get("since").asString());
		JsonNode up = await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> component(service), c -> c != null && "UP".equals(c.get("state").asString()));
		Instant recovered = Instant.parse(up.get("since").asString());
		assertThat(up.get("pid").asLong()).isNotEqualTo(pid);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(statusOf(service).state()).isEqualTo(ComponentStatus.State.UP));

		JsonNode alert = awaitResolvedAlert("component-down", service, killed);
		assertThat(alert.get("severity").asString()).isEqualTo("CRITICAL");
		assertDelivered(alert);
		assertThat(Files.exists(this.platform.layout().logDir().resolve("monitoring-restarts.log"))).isTrue();
		fault("platform-service-kill", killed, detected, recovered);
	}

	@Test
	@Order(2)
	void anInstanceThatKeepsCrashingSpendsItsBudgetAndIsRescheduledAndItsLinkAnswersAgain() {
		String id = deploy();
		JsonNode running = awaitStatus(id, "RUNNING");
		String link = this.api.local(running.get("url").asString());
		String instanceId = running.get("instances").get(0).get("id").asString();
		assertThat(this.api.getLink(link).statusCode()).isEqualTo(200);

		// one crash: the agent restarts it in place
		List<ProcessHandle> before = NodeProcesses.ofInstance(this.platform, instanceId);
		Instant crashed = Instant.now();
		before.forEach(ProcessHandle::destroyForcibly);
		await().atMost(Duration.ofSeconds(10)).until(() -> before.stream().noneMatch(ProcessHandle::isAlive));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> answers(link) && NodeProcesses.ofInstance(this.platform, instanceId)
				.stream()
				.noneMatch(p -> before.stream().anyMatch(b -> b.pid() == p.pid())));
		Instant restarted = Instant.now();
		Instant noticed = transitionAfter("instance:" + instanceId, "SUSPECT", crashed);
		fault("instance-crash", crashed, (noticed != null) ? noticed : restarted, restarted);

		// it keeps crashing: killed whenever it is back, until the deployment no longer
		// has it
		Instant[] lastKill = { Instant.now() };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			List<ProcessHandle> processes = NodeProcesses.ofInstance(this.platform, instanceId);
			if (!processes.isEmpty()) {
				processes.forEach(ProcessHandle::destroyForcibly);
				lastKill[0] = Instant.now();
			}
			return !instancesOf(id).contains(instanceId);
		});
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> answers(link));
		Instant serving = Instant.now();
		JsonNode deployment = status(id);
		assertThat(deployment.get("status").asString()).isEqualTo("RUNNING");
		assertThat(deployment.get("instances").get(0).get("id").asString()).isNotEqualTo(instanceId);

		JsonNode alert = awaitResolvedAlert("instance-failed", instanceId, crashed);
		assertThat(alert.get("message").asString()).contains("beyond its restart budget");
		assertDelivered(alert);
		fault("instance-crash-loop", lastKill[0], Instant.parse(alert.get("raisedAt").asString()), serving);
		stop(id);
	}

	@Test
	@Order(3)
	void aNodeLostWithItsInstancesIsDeclaredDownAndItsInstancesServeFromTheOtherNode() throws Exception {
		String id = deploy();
		JsonNode running = awaitStatus(id, "RUNNING");
		String link = this.api.local(running.get("url").asString());
		String instanceId = running.get("instances").get(0).get("id").asString();
		assertThat(running.get("instances").get(0).get("node").asString()).isEqualTo(PlatformComponents.LOCAL_NODE_ID);
		Process second = startSecondAgent("local-2");
		try {
			await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(state("node:local-2")));
			List<ProcessHandle> instanceProcesses = NodeProcesses.ofInstance(this.platform, instanceId);
			ProcessHandle agent = ProcessHandle.of(pidOf(PlatformComponents.NODE_AGENT)).orElseThrow();

			Instant killed = Instant.now();
			agent.destroyForcibly();
			instanceProcesses.forEach(ProcessHandle::destroyForcibly);

			JsonNode down = await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> component("node:local-1"), c -> c != null && "DOWN".equals(c.get("state").asString()));
			Instant detected = Instant.parse(down.get("since").asString());
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> answers(link) && instancesOf(id).stream().noneMatch(instanceId::equals));
			Instant recovered = Instant.now();
			JsonNode healed = status(id);
			assertThat(healed.get("status").asString()).isEqualTo("RUNNING");
			assertThat(healed.get("instances").get(0).get("node").asString()).isEqualTo("local-2");
			assertThat(state("instance:" + instanceId)).isEqualTo("DOWN");
			JsonNode alert = awaitAlert("node-down", PlatformComponents.LOCAL_NODE_ID, killed);
			fault("node-loss", killed, detected, recovered);

			// the node comes back (its agent started again the way iotp up starts it):
			// the alert resolves
			this.platform.up();
			JsonNode resolved = awaitResolvedAlert("node-down", PlatformComponents.LOCAL_NODE_ID, killed);
			assertThat(resolved.get("id").asString()).isEqualTo(alert.get("id").asString());
			assertDelivered(resolved);
			stop(id);
		}
		finally {
			second.destroy();
			if (!second.waitFor(30, TimeUnit.SECONDS)) {
				second.destroyForcibly();
			}
		}
	}

	// --- the second node

	/**
	 * A second local node agent, started like the platform's own with its own id, port
	 * and folder.
	 */
	private Process startSecondAgent(String nodeId) throws IOException {
		ComponentSpec own = new PlatformComponents(this.platform.layout(), "system-test").services()
			.stream()
			.filter(spec -> spec.name().equals(PlatformComponents.NODE_AGENT))
			.findFirst()
			.orElseThrow();
		List<String> command = new ArrayList<>();
		for (String argument : own.command()) {
			if (argument.startsWith("--server.port=")) {
				command.add("--server.port=" + freePort());
			}
			else if (argument.startsWith("--iotp.node.id=")) {
				command.add("--iotp.node.id=" + nodeId);
			}
			else if (argument.startsWith("--iotp.node.work-dir=")) {
				command
					.add("--iotp.node.work-dir=" + this.platform.layout().dataDir().resolve("nodes").resolve(nodeId));
			}
			else {
				command.add(argument);
			}
		}
		Path log = this.platform.layout().logDir().resolve("node-agent-" + nodeId + ".log");
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	// --- monitoring

	private @Nullable JsonNode component(String id) {
		HttpResponse<String> response = this.api.get("/api/monitoring/components/" + id);
		return (response.statusCode() == 200) ? PlatformApi.json(response).get("component") : null;
	}

	private @Nullable String state(String id) {
		JsonNode component = component(id);
		return (component != null) ? component.get("state").asString() : null;
	}

	/** When the component first entered the state after the moment, from its history. */
	private @Nullable Instant transitionAfter(String id, String to, Instant after) {
		HttpResponse<String> response = this.api.get("/api/monitoring/components/" + id);
		if (response.statusCode() != 200) {
			return null;
		}
		return StreamSupport.stream(PlatformApi.json(response).get("history").spliterator(), false)
			.filter(h -> h.get("to").asString().equals(to))
			.map(h -> Instant.parse(h.get("at").asString()))
			.filter(at -> !at.isBefore(after))
			.min(Instant::compareTo)
			.orElse(null);
	}

	private JsonNode awaitAlert(String kind, String subject, Instant after) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> alert(kind, subject, after), a -> a != null);
	}

	private JsonNode awaitResolvedAlert(String kind, String subject, Instant after) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> alert(kind, subject, after), a -> a != null && !a.get("resolvedAt").isNull());
	}

	/**
	 * The one alert of this kind and subject raised after the moment; fails if there are
	 * more.
	 */
	private @Nullable JsonNode alert(String kind, String subject, Instant after) {
		HttpResponse<String> response = this.api.get("/api/monitoring/alerts?kind=" + kind + "&limit=500");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> matching = PlatformApi.json(response)
			.valueStream()
			.filter(a -> a.get("subject").asString().equals(subject))
			.filter(a -> !Instant.parse(a.get("raisedAt").asString()).isBefore(after.minusSeconds(1)))
			.toList();
		assertThat(matching).as("one alert per fault").hasSizeLessThanOrEqualTo(1);
		return matching.isEmpty() ? null : matching.getFirst();
	}

	/** The raise and the resolution both reached the webhook. */
	private static void assertDelivered(JsonNode alert) {
		String id = alert.get("id").asString();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(AlertWebhook.received()).filteredOn(body -> body.contains("\"" + id + "\""))
				.anyMatch(body -> body.contains("\"resolved\":false"))
				.anyMatch(body -> body.contains("\"resolved\":true"));
		});
	}

	// --- the platform and its apps

	private long pidOf(String component) {
		Long pid = statusOf(component).pid();
		assertThat(pid).as(component + " runs").isNotNull();
		return pid;
	}

	private ComponentStatus statusOf(String component) {
		return this.platform.status().stream().filter(row -> row.name().equals(component)).findFirst().orElseThrow();
	}

	private String deploy() {
		HttpResponse<String> response = this.api.postJson("/api/apps/" + APP + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return PlatformApi.json(response).get("id").asString();
	}

	private void stop(String id) {
		this.api.delete("/api/deployments/" + id);
		awaitStatus(id, "STOPPED");
	}

	private JsonNode status(String id) {
		HttpResponse<String> response = this.api.get("/api/deployments/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return PlatformApi.json(response);
	}

	private List<String> instancesOf(String id) {
		return StreamSupport.stream(status(id).get("instances").spliterator(), false)
			.map(i -> i.get("id").asString())
			.toList();
	}

	private JsonNode awaitStatus(String id, String wanted) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(TO_RUNNING).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			last[0] = status(id);
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo(wanted);
		});
		return last[0];
	}

	private boolean answers(String link) {
		try {
			return this.api.get(link).statusCode() == 200;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static byte[] steadyApp() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "serves until killed", "entryService": "web"}
				""".formatted(APP));
		files.put("services/web/config.json", """
				{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 1}}
				""");
		files.put("services/web/main.py", """
				import os
				from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

				class Handler(BaseHTTPRequestHandler):
				    def do_GET(self):
				        body = b'{"ok": true}'
				        self.send_response(200)
				        self.send_header("Content-Type", "application/json")
				        self.send_header("Content-Length", str(len(body)))
				        self.end_headers()
				        self.wfile.write(body)

				    def log_message(self, *args):
				        pass

				ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
				""");
		return AppZips.zip(files);
	}

	private static void fault(String name, Instant caused, Instant detected, Instant recovered) {
		System.out.println("FAULT " + name + " detected=" + Duration.between(caused, detected).toMillis()
				+ " recovered=" + Duration.between(caused, recovered).toMillis());
	}

}
