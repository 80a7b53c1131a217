package io.iotp.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.nodeagent.docker.AppContainers;
import io.iotp.nodeagent.docker.DockerEngine;

/**
 * Two nodes that share an image registry (a real Registry API v2 server, Debian's
 * {@code docker-registry}, with credentials): the first builds a service's image and
 * pushes it, the second pulls that image, built once, and runs an instance of it.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS,
		TopicNames.NODE_HEARTBEAT, TopicNames.HEARTBEAT })
class RegistryIT {

	private static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");

	private static final String REPOSITORY = "iotp-apps/greenhouse/monitor";

	@TempDir
	Path tmp;

	private final List<ConfigurableApplicationContext> agents = new ArrayList<>();

	private final List<StartInstance> started = new ArrayList<>();

	private Process registry;

	private DockerEngine engine;

	private DockerClient docker;

	private KafkaTap kafka;

	private String address;

	private String credentials;

	@BeforeEach
	void startRegistry() throws Exception {
		DockerRuntimeIT.DockerAvailable.require();
		if (!Files.isExecutable(REGISTRY_BINARY)) {
			DockerRuntimeIT.DockerAvailable.unavailable("RegistryIT",
					REGISTRY_BINARY + " is missing (Debian: " + "apt-get install docker-registry)");
		}
		this.engine = new DockerEngine(DockerRuntimeIT.DockerAvailable.properties());
		this.docker = this.engine.client();
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		this.address = "127.0.0.1:" + port;
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		this.credentials = "node-agent:" + password;
		Files.writeString(this.tmp.resolve("htpasswd"),
				"node-agent:" + new BCryptPasswordEncoder().encode(password) + "\n");
		Files.writeString(this.tmp.resolve("credentials"), this.credentials + "\n");
		Files.writeString(this.tmp.resolve("registry.yml"), """
				version: 0.1
				log:
				  level: warn
				storage:
				  filesystem:
				    rootdirectory: %s
				  delete:
				    enabled: true
				http:
				  addr: %s
				auth:
				  htpasswd:
				    realm: iotp
				    path: %s
				""".formatted(this.tmp.resolve("data"), this.address, this.tmp.resolve("htpasswd")));
		this.registry = new ProcessBuilder(REGISTRY_BINARY.toString(), "serve",
				this.tmp.resolve("registry.yml").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.tmp.resolve("registry.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> catalog(null).statusCode() == 401);
		removeLocalImages();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (StartInstance start : this.started) {
			this.kafka.send(new StopInstance(start.nodeId(), start.instanceId(), "test over", 2));
		}
		for (StartInstance start : this.started) {
			await().atMost(KafkaTap.TIMEOUT)
				.until(() -> this.kafka.states(start.instanceId()).stream().anyMatch(InstanceState::terminal));
		}
		this.agents.forEach(ConfigurableApplicationContext::close);
		if (this.kafka != null) {
			this.kafka.close();
		}
		if (this.registry != null) {
			this.registry.destroy();
			this.registry.waitFor();
		}
		if (this.engine != null) {
			removeLocalImages();
			this.engine.close();
		}
	}

	@Test
	void anImageBuiltAndPushedByOneNodeIsPulledAndRunByAnother(EmbeddedKafkaBroker broker) throws Exception {
		this.kafka = new KafkaTap(broker.getBrokersAsString());
		NodeId first = NodeId.of("registry-a");
		NodeId second = NodeId.of("registry-b");
		TestApps appsOfFirst = TestApps.store(this.tmp.resolve("blobs"), first);
		TestApps appsOfSecond = TestApps.store(this.tmp.resolve("blobs"), second);
		start(broker, first, "25000-25499");
		start(broker, second, "25500-25999");

		StartInstance built = send(appsOfFirst.monitor());
		this.kafka.awaitStatus(built.instanceId(), InstanceState.HEALTHY);
		String image = imageOf(built);
		String imageId = this.docker.inspectImageCmd(image).exec().getId();
		// pushed in the background: the instance did not wait for it
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HttpResponse<String> tags = get("/v2/" + REPOSITORY + "/tags/list", this.credentials);
			assertThat(tags.statusCode()).isEqualTo(200);
			assertThat(tags.body()).contains(image.substring(image.lastIndexOf(':') + 1));
		});
		assertThat(catalog(this.credentials).body()).contains(REPOSITORY);

		// the second node has none of it: what it runs must come from the registry
		stop(built);
		removeLocalImages();
		StartInstance pulled = send(appsOfSecond.monitor());
		this.kafka.awaitStatus(pulled.instanceId(), InstanceState.HEALTHY);
		assertThat(imageOf(pulled)).isEqualTo(image);
		assertThat(this.docker.inspectImageCmd(image).exec().getId()).as("pulled, not built again").isEqualTo(imageId);
		this.kafka.awaitLog(pulled.instanceId(), (entry) -> entry.message().startsWith("monitor alive"));
	}

	private void start(EmbeddedKafkaBroker broker, NodeId node, String ports) {
		Map<String, String> properties = Agents.properties(broker.getBrokersAsString(), node,
				this.tmp.resolve(node.value()), this.tmp.resolve("blobs"));
		properties.put("iotp.node.docker.mode", "on");
		properties.put("iotp.node.port-range", ports);
		properties.put("iotp.node.docker.registry", this.address);
		properties.put("iotp.node.docker.registry-credentials", this.tmp.resolve("credentials").toString());
		properties.put("iotp.node.stop-instances-on-shutdown", "true");
		this.agents.add(Agents.start(properties));
	}

	private StartInstance send(StartInstance command) {
		this.started.add(command);
		this.kafka.send(command);
		return command;
	}

	private void stop(StartInstance command) {
		this.kafka.send(new StopInstance(command.nodeId(), command.instanceId(), "moving on", 2));
		this.kafka.awaitStatus(command.instanceId(), InstanceState.STOPPED);
	}

	private String imageOf(StartInstance command) {
		Container container = this.docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(AppContainers.INSTANCE_LABEL, command.instanceId().value()))
			.exec()
			.getFirst();
		return container.getImage();
	}

	private void removeLocalImages() {
		for (String repository : List.of(REPOSITORY, this.address + "/" + REPOSITORY)) {
			this.docker.listImagesCmd()
				.withReferenceFilter(repository)
				.exec()
				.forEach((image) -> this.docker.removeImageCmd(image.getId()).withForce(true).exec());
		}
	}

	private HttpResponse<String> catalog(String userAndPassword) throws IOException, InterruptedException {
		return get("/v2/_catalog", userAndPassword);
	}

	private HttpResponse<String> get(String path, String userAndPassword) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + this.address + path))
			.timeout(Duration.ofSeconds(5));
		if (userAndPassword != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
		}
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}
