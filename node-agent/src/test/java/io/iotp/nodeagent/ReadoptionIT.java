package io.iotp.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;

/**
 * Instances belong to the node, not to the agent process (SPEC §7): an agent that shuts
 * down leaves them running, and the next agent on the same work folder re-adopts those
 * still alive and reports the others stopped.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS,
		TopicNames.NODE_HEARTBEAT, TopicNames.HEARTBEAT })
class ReadoptionIT {

	private static final NodeId NODE = NodeId.of("readoption-node");

	@TempDir
	Path tmp;

	private final List<ConfigurableApplicationContext> agents = new ArrayList<>();

	private final List<Long> pids = new ArrayList<>();

	private KafkaTap kafka;

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.agents.forEach(ConfigurableApplicationContext::close);
		this.pids.forEach(Processes::killTree);
		if (this.kafka != null) {
			this.kafka.close();
		}
	}

	@Test
	void restartedAgentReadoptsLiveInstancesAndReportsTheDeadOnesStopped(EmbeddedKafkaBroker broker) throws Exception {
		TestApps apps = TestApps.store(this.tmp.resolve("blobs"), NODE);
		this.kafka = new KafkaTap(broker.getBrokersAsString());
		Map<String, String> properties = Agents.properties(broker.getBrokersAsString(), NODE, this.tmp.resolve("node"),
				this.tmp.resolve("blobs"));
		ConfigurableApplicationContext first = start(properties);

		StartInstance survivor = apps.dashboard();
		StartInstance casualty = apps.monitor();
		this.kafka.send(survivor);
		this.kafka.send(casualty);
		InstanceStatusChanged survivorHealthy = this.kafka.awaitStatus(survivor.instanceId(), InstanceState.HEALTHY);
		InstanceStatusChanged casualtyHealthy = this.kafka.awaitStatus(casualty.instanceId(), InstanceState.HEALTHY);
		this.pids.add(survivorHealthy.pid());
		this.pids.add(casualtyHealthy.pid());

		first.close();
		assertThat(Processes.alive(survivorHealthy.pid())).as("left running by the agent").isTrue();
		assertThat(Processes.alive(casualtyHealthy.pid())).as("left running by the agent").isTrue();
		Processes.killTree(casualtyHealthy.pid());
		int statusesBefore = this.kafka.statuses(survivor.instanceId()).size();
		Instant restartedAt = Instant.now();

		start(properties);

		InstanceStatusChanged readopted = this.kafka.awaitStatus(survivor.instanceId(),
				(status) -> status.at().isAfter(restartedAt));
		assertThat(readopted.state()).isEqualTo(InstanceState.HEALTHY);
		assertThat(readopted.pid()).isEqualTo(survivorHealthy.pid());
		assertThat(readopted.endpoint()).isEqualTo(survivorHealthy.endpoint());
		assertThat(readopted.reason()).contains("re-adopted");
		InstanceStatusChanged gone = this.kafka.awaitStatus(casualty.instanceId(), InstanceState.STOPPED);
		assertThat(gone.reason()).contains("ended while the node agent was down");

		NodeHeartbeat heartbeat = await().atMost(KafkaTap.TIMEOUT)
			.until(() -> this.kafka.heartbeats(NODE)
				.stream()
				.filter((beat) -> beat.startedAt().isAfter(restartedAt) && beat.status() == NodeState.UP)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(heartbeat.instanceIds()).containsExactly(survivor.instanceId());

		// it is looked after as before: its output is still shipped, a stop command stops
		// it
		HttpResponse<String> missing = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://" + readopted.endpoint() + "/after-readoption")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
		this.kafka.awaitLog(survivor.instanceId(), (entry) -> entry.message().contains("/after-readoption"));
		assertThat(this.kafka.statuses(survivor.instanceId()).subList(0, statusesBefore))
			.extracting(InstanceStatusChanged::state)
			.doesNotContain(InstanceState.STOPPED);

		this.kafka.send(new StopInstance(NODE, survivor.instanceId(), "test is done", 5));
		this.kafka.awaitStatus(survivor.instanceId(), InstanceState.STOPPED);
		assertThat(Processes.tree(survivorHealthy.pid())).isEmpty();
	}

	private ConfigurableApplicationContext start(Map<String, String> properties) {
		ConfigurableApplicationContext agent = Agents.start(properties);
		this.agents.add(agent);
		return agent;
	}

}
