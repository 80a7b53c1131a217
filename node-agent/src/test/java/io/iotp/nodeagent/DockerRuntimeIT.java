package io.iotp.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.nodeagent.docker.AppContainers;
import io.iotp.nodeagent.docker.DockerEngine;
import io.iotp.nodeagent.docker.DockerProperties;

/**
 * One node agent running apps in locked-down containers of a real Docker engine, against
 * a real (embedded) Kafka broker: images built from the service folder or the service's
 * own Dockerfile, limits, restarts, an out-of-memory kill, a Dockerfile that does not
 * build, and an agent restart that re-adopts its containers and removes strays. Needs the
 * engine and the base images ({@code iotp images}); {@link DockerAvailable} says loudly
 * why it cannot run where they are missing.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS,
		TopicNames.NODE_HEARTBEAT, TopicNames.HEARTBEAT })
class DockerRuntimeIT {

	private static final NodeId NODE = NodeId.of("docker-it-node");

	@TempDir
	static Path tmp;

	private static KafkaTap kafka;

	private static TestApps apps;

	private static DockerEngine engine;

	private static DockerClient docker;

	private static Map<String, String> properties;

	private static ConfigurableApplicationContext agent;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<StartInstance> started = new ArrayList<>();

	@BeforeAll
	static void startAgent(EmbeddedKafkaBroker broker) {
		DockerAvailable.require();
		engine = new DockerEngine(DockerAvailable.properties());
		docker = engine.client();
		removeContainersOfNode();
		apps = TestApps.store(tmp.resolve("blobs"), NODE);
		kafka = new KafkaTap(broker.getBrokersAsString());
		properties = Agents.properties(broker.getBrokersAsString(), NODE, tmp.resolve("node"), tmp.resolve("blobs"));
		properties.put("iotp.node.docker.mode", "on");
		properties.put("iotp.node.port-range", "24000-24999");
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
		if (engine != null) {
			removeContainersOfNode();
			engine.close();
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
		}
	}

	@Test
	void pythonServiceRunsInALockedDownContainerAndStopsWithIt() throws Exception {
		StartInstance start = start(apps.dashboard());

		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		assertThat(healthy.endpoint()).matches("127\\.0\\.0\\.1:24\\d\\d\\d");
		assertThat(get(healthy.endpoint(), "/health").statusCode()).isEqualTo(200);
		String port = healthy.endpoint().substring(healthy.endpoint().indexOf(':') + 1);
		LogEntry listening = kafka.awaitLog(start.instanceId(), (entry) -> entry.message().contains("listening"));
		assertThat(listening.message()).isEqualTo("dashboard of greenhouse listening on 0.0.0.0:" + port);
		assertThat(listening.context()).containsEntry("instanceId", start.instanceId().value())
			.containsEntry("nodeId", NODE.value());

		InspectContainerResponse container = container(start.instanceId());
		assertThat(container.getConfig().getUser()).isEqualTo("10001:10001");
		assertThat(container.getConfig().getLabels()).containsEntry(AppContainers.NODE_LABEL, NODE.value())
			.containsEntry(AppContainers.INSTANCE_LABEL, start.instanceId().value())
			.containsEntry("io.iotp.app", "greenhouse")
			.containsEntry("io.iotp.deployment", start.deploymentId().value());
		HostConfig host = container.getHostConfig();
		assertThat(host.getReadonlyRootfs()).isTrue();
		assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
		assertThat(host.getSecurityOpts()).contains("no-new-privileges");
		assertThat(host.getMemory()).isEqualTo(Resources.DEFAULT.memoryMb() * 1024 * 1024);
		assertThat(host.getMemorySwap()).isEqualTo(host.getMemory());
		assertThat(host.getNanoCPUs()).isEqualTo((long) (Resources.DEFAULT.cpu() * 1_000_000_000L));
		assertThat(host.getPidsLimit()).isEqualTo(256L);
		assertThat(host.getNetworkMode()).isEqualTo("iotp-apps");
		assertThat(container.getState().getPidLong()).isEqualTo(healthy.pid());

		NodeHeartbeat heartbeat = await().atMost(KafkaTap.TIMEOUT)
			.until(() -> kafka.heartbeats(NODE)
				.stream()
				.filter((beat) -> beat.instanceIds().contains(start.instanceId()))
				.filter((beat) -> beat.usage().memoryMb() > 0)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(heartbeat.executionMode()).isEqualTo(ExecutionMode.DOCKER);

		kafka.send(new StopInstance(NODE, start.instanceId(), "test is done", 5));
		InstanceStatusChanged stopped = kafka.awaitStatus(start.instanceId(), InstanceState.STOPPED);
		assertThat(stopped.reason()).isEqualTo("stopped on request: test is done");
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("dashboard stopped"));
		assertThat(containers())
			.noneMatch((c) -> start.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL)));
	}

	@Test
	void aSecondInstanceOfTheSameVersionUsesTheImageAlreadyBuilt() {
		// images of earlier runs (on other base images) would be counted too
		docker.listImagesCmd()
			.withReferenceFilter("iotp-apps/greenhouse/monitor")
			.exec()
			.forEach((image) -> docker.removeImageCmd(image.getId()).withForce(true).exec());
		StartInstance first = start(apps.monitor());
		kafka.awaitStatus(first.instanceId(), InstanceState.HEALTHY);
		String image = container(first.instanceId()).getConfig().getImage();
		String imageId = docker.inspectImageCmd(image).exec().getId();

		StartInstance second = start(apps.monitor());
		kafka.awaitStatus(second.instanceId(), InstanceState.HEALTHY);

		assertThat(image).startsWith("iotp-apps/greenhouse/monitor:1.0.0-");
		assertThat(container(second.instanceId()).getConfig().getImage()).isEqualTo(image);
		assertThat(docker.inspectImageCmd(image).exec().getId()).isEqualTo(imageId);
		List<Image> built = docker.listImagesCmd().withReferenceFilter("iotp-apps/greenhouse/monitor").exec();
		assertThat(built).hasSize(1);
	}

	@Test
	void aServiceWithTheSameFilesInAnotherAppIsTaggedNotBuilt() {
		StartInstance original = start(apps.monitor());
		kafka.awaitStatus(original.instanceId(), InstanceState.HEALTHY);
		String imageId = docker.inspectImageCmd(container(original.instanceId()).getConfig().getImage()).exec().getId();
		StartInstance other = apps.monitor();
		StartInstance copy = start(new StartInstance(other.nodeId(), other.instanceId(), other.deploymentId(),
				AppId.of("greenhouse-copy"), other.service(), other.runtime(), other.command(), other.artifactKey(),
				other.artifactSha256(), other.env(), other.healthPath(), other.http(), other.resources()));

		kafka.awaitStatus(copy.instanceId(), InstanceState.HEALTHY);
		String image = container(copy.instanceId()).getConfig().getImage();
		assertThat(image).startsWith("iotp-apps/greenhouse-copy/monitor:1.0.0-");
		assertThat(docker.inspectImageCmd(image).exec().getId()).isEqualTo(imageId);
	}

	@Test
	void javaServiceRunsOnTheJavaBaseImage() throws Exception {
		StartInstance start = start(apps.helloJava());

		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		assertThat(get(healthy.endpoint(), "/health").statusCode()).isEqualTo(200);
		String port = healthy.endpoint().substring(healthy.endpoint().indexOf(':') + 1);
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("hello-java listening on port " + port));
		assertThat(container(start.instanceId()).getConfig().getImage()).startsWith("iotp-apps/hello-java/web:");
	}

	@Test
	void aServiceWithItsOwnDockerfileRunsWhatItBuilds() {
		StartInstance start = start(apps.ownImage());

		kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		kafka.awaitLog(start.instanceId(), (entry) -> entry.message().equals("built-by-its-own-dockerfile"));
		// whatever user its Dockerfile names, the container runs as the platform's
		assertThat(container(start.instanceId()).getConfig().getUser()).isEqualTo("10001:10001");
	}

	@Test
	void aDockerfileThatDoesNotBuildFailsTheInstanceWithTheBuildsLastLines() {
		StartInstance start = start(apps.brokenImage());

		InstanceStatusChanged failed = kafka.awaitStatus(start.instanceId(), InstanceState.FAILED);
		assertThat(failed.reason()).startsWith("the service's Dockerfile did not build")
			.contains("compiling the impossible");
		assertThat(kafka.states(start.instanceId())).doesNotContain(InstanceState.STARTING);
		assertThat(docker.listImagesCmd().withReferenceFilter("iotp-apps/broken-image/worker").exec()).isEmpty();
		assertThat(containers())
			.noneMatch((c) -> start.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL)));
	}

	@Test
	void aKilledContainerIsRestartedAndHealthyAgain() throws Exception {
		StartInstance start = start(apps.dashboard());
		InstanceStatusChanged first = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);

		docker.killContainerCmd(container(start.instanceId()).getId()).exec();

		InstanceStatusChanged crashed = kafka.awaitStatus(start.instanceId(), InstanceState.UNHEALTHY);
		assertThat(crashed.exitCode()).isEqualTo(137);
		assertThat(crashed.reason()).contains("restart 1 of 2");
		InstanceStatusChanged again = kafka.awaitStatus(start.instanceId(),
				(status) -> status.state() == InstanceState.HEALTHY && status.restarts() == 1);
		assertThat(again.pid()).isNotEqualTo(first.pid());
		assertThat(get(again.endpoint(), "/health").statusCode()).isEqualTo(200);
		assertThat(containers().stream()
			.filter((c) -> start.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL))))
			.hasSize(1);
	}

	@Test
	void aContainerThatExitsAtOnceSpendsItsRestartBudgetThenFailsWithItsOutput() {
		StartInstance start = start(apps.bad());

		InstanceStatusChanged failed = kafka.awaitStatus(start.instanceId(), InstanceState.FAILED);
		assertThat(failed.exitCode()).isEqualTo(3);
		assertThat(failed.restarts()).isEqualTo(2);
		assertThat(failed.reason()).startsWith("exited with code 3 after 2 restart(s); last output: ").contains("boom");
		assertThat(kafka.count(start.instanceId(), InstanceState.STARTING)).isEqualTo(3);
		assertThat(containers())
			.noneMatch((c) -> start.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL)));
	}

	@Test
	void anInstanceThatOutgrowsItsMemoryIsKilledAndFailsSayingSo() {
		StartInstance greedy = withCommand(apps.monitor(), List.of("python3", "-c",
				"import time\nprint('allocating', flush=True)\nx = bytearray(200 * 1024 * 1024)\ntime.sleep(60)"),
				new Resources(0.25, 64));
		start(greedy);

		InstanceStatusChanged failed = kafka.awaitStatus(greedy.instanceId(), InstanceState.FAILED);
		assertThat(failed.exitCode()).isEqualTo(137);
		assertThat(failed.reason()).contains("killed for using more memory than its resources.memoryMb");
	}

	@Test
	void aRestartedAgentReadoptsItsContainersAndRemovesStrays() throws Exception {
		StartInstance start = start(apps.dashboard());
		InstanceStatusChanged healthy = kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		String containerId = container(start.instanceId()).getId();
		String stray = docker.createContainerCmd("iotp-runtime/command:bookworm")
			.withName("iotp-stray-" + InstanceId.random().value())
			.withCmd("sleep", "300")
			.withLabels(Map.of(AppContainers.NODE_LABEL, NODE.value(), AppContainers.AGENT_LABEL,
					container(start.instanceId()).getConfig().getLabels().get(AppContainers.AGENT_LABEL),
					AppContainers.INSTANCE_LABEL, "gone"))
			.exec()
			.getId();
		String othersAgents = docker.createContainerCmd("iotp-runtime/command:bookworm")
			.withName("iotp-other-agent-" + InstanceId.random().value())
			.withCmd("sleep", "300")
			.withLabels(Map.of(AppContainers.NODE_LABEL, NODE.value(), AppContainers.AGENT_LABEL, "another-platform",
					AppContainers.INSTANCE_LABEL, "theirs"))
			.exec()
			.getId();

		agent.close();
		assertThat(container(start.instanceId()).getState().getRunning()).as("left running by the agent").isTrue();
		agent = Agents.start(properties);

		kafka.awaitStatus(start.instanceId(), (status) -> status.state() == InstanceState.HEALTHY
				&& status.reason() != null && status.reason().contains("re-adopted"));
		assertThat(container(start.instanceId()).getId()).isEqualTo(containerId);
		assertThat(get(healthy.endpoint(), "/health").statusCode()).isEqualTo(200);
		assertThat(containers()).extracting(Container::getId).doesNotContain(stray).contains(othersAgents);
		docker.removeContainerCmd(othersAgents).withForce(true).exec();
		assertThat(containers().stream()
			.filter((c) -> start.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL))))
			.hasSize(1);
	}

	@Test
	void aServiceThatReadsKafkaRunsAsAProcess() {
		StartInstance monitor = apps.monitor();
		Map<String, String> env = new java.util.HashMap<>(monitor.env());
		env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
		StartInstance reader = new StartInstance(monitor.nodeId(), monitor.instanceId(), monitor.deploymentId(),
				monitor.app(), monitor.service(), monitor.runtime(), monitor.command(), monitor.artifactKey(),
				monitor.artifactSha256(), env, monitor.healthPath(), monitor.http(), monitor.resources());
		start(reader);

		InstanceStatusChanged healthy = kafka.awaitStatus(reader.instanceId(), InstanceState.HEALTHY);
		assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).contains(healthy.pid());
		assertThat(containers())
			.noneMatch((c) -> reader.instanceId().value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL)));
	}

	private static StartInstance withCommand(StartInstance start, List<String> command, Resources resources) {
		return new StartInstance(start.nodeId(), start.instanceId(), start.deploymentId(), start.app(), start.service(),
				start.runtime(), command, start.artifactKey(), start.artifactSha256(), start.env(), start.healthPath(),
				start.http(), resources);
	}

	private StartInstance start(StartInstance command) {
		this.started.add(command);
		kafka.send(command);
		return command;
	}

	private static InspectContainerResponse container(InstanceId instance) {
		return docker
			.inspectContainerCmd(containers().stream()
				.filter((c) -> instance.value().equals(c.getLabels().get(AppContainers.INSTANCE_LABEL)))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no container of instance " + instance))
				.getId())
			.exec();
	}

	private static List<Container> containers() {
		return docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(AppContainers.NODE_LABEL, NODE.value()))
			.exec();
	}

	private static void removeContainersOfNode() {
		containers().forEach((c) -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
	}

	private HttpResponse<String> get(String endpoint, String path) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://" + endpoint + path)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** Whether this machine can run the Docker runtime's tests, and why not. */
	static final class DockerAvailable {

		private DockerAvailable() {
		}

		static DockerProperties properties() {
			return new DockerProperties(DockerProperties.Mode.ON, null, "iotp-runtime/{runtime}:bookworm", "iotp-apps",
					"10001:10001", 256, 64, 2048, Duration.ofMinutes(10), null, null, null, "iotp-kafka");
		}

		/**
		 * Fails where Docker is expected (CI, or {@code IOTP_REQUIRE_DOCKER=1}) but
		 * missing; elsewhere skips, saying what to do.
		 */
		static void require() {
			String missing = missing();
			if (missing != null) {
				unavailable("The Docker runtime's tests", missing);
			}
		}

		/**
		 * Fails where Docker is expected (CI, or {@code IOTP_REQUIRE_DOCKER=1});
		 * elsewhere skips, saying why.
		 */
		static void unavailable(String test, String missing) {
			String message = test + " cannot run: " + missing
					+ ". Start the engine and run './iotp images' (CI does both).";
			System.err.println("SKIPPED " + message);
			if (System.getenv("CI") != null || "1".equals(System.getenv("IOTP_REQUIRE_DOCKER"))) {
				throw new IllegalStateException(message);
			}
			org.junit.jupiter.api.Assumptions.abort(message);
		}

		private static String missing() {
			try (DockerEngine probe = new DockerEngine(properties())) {
				if (!probe.reachable()) {
					return "the Docker engine does not answer";
				}
				for (String runtime : List.of("python", "java", "command")) {
					String image = "iotp-runtime/" + runtime + ":bookworm";
					if (!probe.hasImage(image)) {
						return "base image " + image + " is missing";
					}
				}
				return null;
			}
		}

	}

}
