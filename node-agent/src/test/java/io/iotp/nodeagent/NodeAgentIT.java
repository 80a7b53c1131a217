package io.iotp.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;

/**
 * One node agent against a real (embedded, KRaft) Kafka broker, running the sample apps
 * as real processes: commands in on {@code node-commands}, status, logs and heartbeats
 * out.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS,
		TopicNames.NODE_HEARTBEAT, TopicNames.HEARTBEAT })
class NodeAgentIT {

	private static final NodeId NODE = NodeId.of("it-node");

	@TempDir
	static Path tmp;

	private static KafkaTap kafka;

	private static TestApps apps;

	private static ConfigurableApplicationContext agent;

	private final HttpClient http = HttpClient.newHttpClient();

	/** Instances a test started: stopped after it, whatever happened. */
	private final List<StartInstance> started = new ArrayList<>();

	@BeforeAll
	static void startAgent(EmbeddedKafkaBroker broker) {
		apps = TestApps.store(tmp.resolve("blobs"), NODE);
		kafka = new KafkaTap(broker.getBrokersAsString());
		Map<String, String> properties = Agents.properties(broker.getBrokersAsString(), NODE, tmp.resolve("node"),
				tmp.resolve("blobs"));
		properties.put("iotp.node.stop-instances-on-shutdown", "true");
		properties.put("iotp.node.labels.zone", "test");
		agent = Agents.start(properties);
	}

	@AfterAll
	static void stopAgent() throws InterruptedException {
		if (agent != null) {
			agent.close();
		}
		if (kafka != null) {
			kafka.close();
		}
	}

	@AfterEach
	void stopInstances() {
		for (StartInstance start : this.started) {
			kafka.send(new StopInstance(NODE, start.instanceId(), "test over", 2));
		}
		for (StartInstance start : this.started) {
			await().atMost(KafkaTap.TIMEOUT)
				.until(() -> kafka.states(start.instanceId()).stream().anyMatch(InstanceState::terminal));
			kafka.statuses(start.instanceId())
				.stream()
				.filter((status) -> status.pid() != null)
				.forEach((status) -> Processes.killTree(status.pid()));
		}
	}

	@Test
	void pythonServiceBecomesHealthyShipsItsOutputAndStopsWithItsWholeTree() throws Exception {
		StartInstance start = start(apps.dashboard());

		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		assertThat(kafka.states(start.instanceId())).containsSubsequence(InstanceState.PENDING, InstanceState.STARTING,
				InstanceState.HEALTHY);
		assertThat(healthy.endpoint()).matches("127\\.0\\.0\\.1:23\\d\\d\\d");
		assertThat(healthy.nodeId()).isEqualTo(NODE);
		assertThat(healthy.deploymentId()).isEqualTo(start.deploymentId());
		assertThat(healthy.restarts()).isZero();
		assertThat(get(healthy.endpoint(), "/health").statusCode()).isEqualTo(200);

		String port = healthy.endpoint().substring(healthy.endpoint().indexOf(':') + 1);
		LogEntry listening = kafka.awaitLog(start.instanceId(), (entry) -> entry.message().contains("listening"));
		assertThat(listening.message()).isEqualTo("dashboard of greenhouse listening on 127.0.0.1:" + port);
		assertThat(listening.source()).isEqualTo("greenhouse/dashboard");
		assertThat(listening.logger()).isEqualTo("stdout");
		assertThat(listening.level()).isEqualTo("INFO");
		assertThat(listening.context()).containsEntry("app", "greenhouse")
			.containsEntry("service", "dashboard")
			.containsEntry("deploymentId", start.deploymentId().value())
			.containsEntry("instanceId", start.instanceId().value())
			.containsEntry("nodeId", NODE.value());
		assertThat(get(healthy.endpoint(), "/nowhere").statusCode()).isEqualTo(404);
		LogEntry requestLine = kafka.awaitLog(start.instanceId(), (entry) -> entry.message().contains("/nowhere"));
		assertThat(requestLine.logger()).isEqualTo("stderr");
		assertThat(requestLine.level()).isEqualTo("WARN");
		// the agent's own probes of /health are DEBUG, not the app's warnings
		LogEntry probe = kafka.awaitLog(start.instanceId(), (entry) -> entry.message().contains("\"GET /health "));
		assertThat(probe.level()).isEqualTo("DEBUG");

		NodeHeartbeat heartbeat = await().atMost(KafkaTap.TIMEOUT)
			.until(() -> kafka.heartbeats(NODE)
				.stream()
				.filter((beat) -> beat.instanceIds().contains(start.instanceId()))
				.filter((beat) -> beat.usage().memoryMb() > 0)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(heartbeat.address()).isEqualTo("127.0.0.1");
		assertThat(heartbeat.labels()).containsEntry("zone", "test");
		assertThat(heartbeat.status()).isEqualTo(NodeState.UP);
		assertThat(heartbeat.executionMode()).isEqualTo(ExecutionMode.PROCESS);
		assertThat(heartbeat.runtimes()).contains(RuntimeKind.PYTHON, RuntimeKind.JAVA, RuntimeKind.COMMAND);
		assertThat(heartbeat.capacity().cpu()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(heartbeat.usage().instances()).isGreaterThanOrEqualTo(1);

		long pid = healthy.pid();
		List<ProcessHandle> tree = Processes.tree(pid);
		// what `iotp down` relies on: the instances of an agent are among its descendants
		assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).contains(pid);

		kafka.send(new StopInstance(NODE, start.instanceId(), "test is done", 5));
		InstanceStatusChanged stopped = kafka.awaitStatus(start.instanceId(), InstanceState.STOPPED);
		assertThat(stopped.reason()).contains("test is done");
		assertThat(tree).noneMatch(ProcessHandle::isAlive);
		assertThat(Processes.session(pid)).isEmpty();
		// it was asked nicely and had time to say goodbye, and that was shipped too
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("dashboard stopped"));
		assertThat(tmp.resolve("node/instances").resolve(start.instanceId().value())).doesNotExist();
		assertThat(tmp.resolve("node/logs").resolve(start.instanceId().value()).resolve("stdout.log")).exists();
		assertThat(tmp.resolve("node/state").resolve(start.instanceId().value() + ".json")).doesNotExist();
	}

	@Test
	void javaServiceRunsTheSameWay() throws Exception {
		StartInstance start = start(apps.helloJava());

		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		assertThat(get(healthy.endpoint(), "/health").statusCode()).isEqualTo(200);
		String port = healthy.endpoint().substring(healthy.endpoint().indexOf(':') + 1);
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("hello-java listening on port " + port));

		kafka.send(new StopInstance(NODE, start.instanceId(), "test is done", 5));
		kafka.awaitStatus(start.instanceId(), InstanceState.STOPPED);
		assertThat(Processes.alive(healthy.pid())).isFalse();
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("stopped"));
	}

	@Test
	void workerIsHealthyOnceAliveAndCommandsAreIdempotent() {
		StartInstance start = start(apps.monitor());

		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		assertThat(healthy.endpoint()).isNull();
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().startsWith("monitor alive"));

		// the same start again (a redelivery) starts nothing
		kafka.send(start);
		// a command for another node is not ours
		StartInstance elsewhere = copy(start, NodeId.of("other-node"), InstanceId.random());
		kafka.send(elsewhere);
		// stopping an instance this node never ran just says it is stopped
		InstanceId unknown = InstanceId.random();
		kafka.send(new StopInstance(NODE, unknown, "cleanup", 1));
		InstanceStatusChanged unknownStopped = kafka.awaitStatus(unknown, InstanceState.STOPPED);
		assertThat(unknownStopped.reason()).contains("not running");

		// a start that took too long to arrive is refused rather than run late
		StartInstance late = copy(start, NODE, InstanceId.random());
		kafka.send(late, new Envelope<>(UUID.randomUUID().toString(), "start-instance", "test",
				Instant.now().minus(Duration.ofHours(1)), null, late));
		assertThat(kafka.awaitStatus(late.instanceId(), InstanceState.FAILED).reason())
			.contains("arrived 3600 s after it was sent");
		// ids that would not make safe folder names are refused
		StartInstance sneaky = copy(start, NODE, InstanceId.of("../../etc"));
		kafka.send(sneaky);
		assertThat(kafka.awaitStatus(sneaky.instanceId(), InstanceState.FAILED).reason()).contains("not valid");

		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(kafka.count(start.instanceId(), InstanceState.STARTING)).isEqualTo(1);
			assertThat(kafka.statuses(elsewhere.instanceId())).isEmpty();
			assertThat(kafka.states(late.instanceId())).containsExactly(InstanceState.FAILED);
		});

		kafka.send(new StopInstance(NODE, start.instanceId(), "first", 5));
		kafka.send(new StopInstance(NODE, start.instanceId(), "second", 5));
		kafka.awaitStatus(start.instanceId(), InstanceState.STOPPED);
		assertThat(Processes.alive(healthy.pid())).isFalse();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> kafka.count(start.instanceId(), InstanceState.STOPPED) == 1);
	}

	@Test
	void killedInstanceIsRestartedAndHealthyAgain() throws Exception {
		StartInstance start = start(apps.dashboard());
		InstanceStatusChanged first = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);

		ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();

		InstanceStatusChanged crashed = kafka.awaitStatus(start.instanceId(), InstanceState.UNHEALTHY);
		assertThat(crashed.exitCode()).isEqualTo(137);
		assertThat(crashed.reason()).contains("restart 1 of 2");
		InstanceStatusChanged again = kafka.awaitStatus(start.instanceId(),
				(status) -> status.state() == InstanceState.HEALTHY && status.restarts() == 1);
		assertThat(again.pid()).isNotEqualTo(first.pid());
		assertThat(get(again.endpoint(), "/health").statusCode()).isEqualTo(200);
		assertThat(kafka.states(start.instanceId())).containsSubsequence(InstanceState.HEALTHY, InstanceState.UNHEALTHY,
				InstanceState.STARTING, InstanceState.HEALTHY);
	}

	@Test
	void instanceThatKeepsExitingFailsOnceItsRestartBudgetIsSpent() {
		StartInstance start = start(apps.bad());

		InstanceStatusChanged failed = kafka.awaitStatus(start.instanceId(), InstanceState.FAILED);
		assertThat(failed.exitCode()).isEqualTo(3);
		assertThat(failed.restarts()).isEqualTo(2);
		assertThat(failed.reason()).startsWith("exited with code 3 after 2 restart(s); last output: ").contains("boom");
		// first run and two restarts, and nothing after the failure
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(kafka.count(start.instanceId(), InstanceState.STARTING)).isEqualTo(3);
			assertThat(kafka.states(start.instanceId()).getLast()).isEqualTo(InstanceState.FAILED);
		});
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("boom"));
	}

	@Test
	void packageWithAnEntryEscapingTheArchiveIsRefused() {
		StartInstance start = start(apps.slip());

		InstanceStatusChanged failed = kafka.awaitStatus(start.instanceId(), InstanceState.FAILED);
		assertThat(failed.reason()).contains("escapes the archive").contains(TestApps.SLIP_TARGET);
		assertThat(kafka.states(start.instanceId())).doesNotContain(InstanceState.STARTING);
		Path instanceDir = tmp.resolve("node/instances").resolve(start.instanceId().value());
		assertThat(instanceDir.resolve(TestApps.SLIP_TARGET).normalize()).doesNotExist();
		assertThat(instanceDir).doesNotExist();
	}

	private static StartInstance copy(StartInstance start, NodeId node, InstanceId id) {
		return new StartInstance(node, id, start.deploymentId(), start.app(), start.service(), start.runtime(),
				start.command(), start.artifactKey(), start.artifactSha256(), start.env(), start.healthPath(),
				start.http(), start.resources());
	}

	private StartInstance start(StartInstance command) {
		this.started.add(command);
		kafka.send(command);
		return command;
	}

	private HttpResponse<String> get(String endpoint, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
