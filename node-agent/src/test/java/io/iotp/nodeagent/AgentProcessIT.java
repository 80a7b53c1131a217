package io.iotp.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.appuser.AppUsers;
import io.iotp.nodeagent.appuser.AppUsersProperties;
import io.iotp.nodeagent.node.NodeProperties;

/**
 * The agent as the process {@code iotp up} starts, and {@code iotp down} as the
 * bootstrapper's process stopper does it: collect the agent's descendants, SIGTERM the
 * agent, then stop the descendants. The agent leaves its instances running when it is
 * terminated (they belong to the node), so they must be among its descendants for
 * {@code down} to leave nothing behind.
 */
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS,
		TopicNames.NODE_HEARTBEAT, TopicNames.HEARTBEAT })
class AgentProcessIT {

	private static final NodeId NODE = NodeId.of("process-node");

	@TempDir
	Path tmp;

	private Process agent;

	private final List<Long> pids = new ArrayList<>();

	private KafkaTap kafka;

	@AfterEach
	void cleanUp() throws Exception {
		if (this.agent != null) {
			List<ProcessHandle> left = this.agent.toHandle().descendants().toList();
			this.agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			left.forEach(ProcessHandle::destroyForcibly);
		}
		this.pids.forEach(Processes::killTree);
		// the agent left its instance to the node, with its firewall rules and cgroup:
		// the
		// test's node goes with the test
		AppUsers
			.of(new AppUsersProperties(AppUsersProperties.Mode.AUTO, 200000, Path.of("/var/lib/iotp/instances"), 256),
					new NodeProperties.PortRange(20000, 29999), this.tmp.resolve("node"))
			.close();
		if (this.kafka != null) {
			this.kafka.close();
		}
	}

	@Test
	void iotpDownLeavesNoInstanceBehind(EmbeddedKafkaBroker broker) throws Exception {
		TestApps apps = TestApps.store(this.tmp.resolve("blobs"), NODE);
		this.kafka = new KafkaTap(broker.getBrokersAsString());
		Map<String, String> properties = Agents.properties(broker.getBrokersAsString(), NODE, this.tmp.resolve("node"),
				this.tmp.resolve("blobs"));
		this.agent = startAgentProcess(properties, this.tmp.resolve("agent.log"));
		await().atMost(Duration.ofSeconds(90))
			.failFast("the agent exited, see " + this.tmp.resolve("agent.log"), () -> !this.agent.isAlive())
			.until(() -> !this.kafka.heartbeats(NODE).isEmpty());

		StartInstance start = apps.dashboard();
		this.kafka.send(start);
		InstanceStatusChanged healthy = this.kafka.awaitStatus(start.instanceId(), InstanceState.HEALTHY);
		long pid = healthy.pid();
		this.pids.add(pid);

		List<ProcessHandle> descendants = this.agent.toHandle().descendants().toList();
		assertThat(descendants).extracting(ProcessHandle::pid).contains(pid);
		this.agent.destroy();
		assertThat(this.agent.waitFor(30, TimeUnit.SECONDS)).as("agent exits on SIGTERM").isTrue();
		assertThat(Processes.alive(pid)).as("the agent leaves its instance to the node").isTrue();
		for (ProcessHandle descendant : descendants) {
			descendant.destroy();
			descendant.onExit().get(10, TimeUnit.SECONDS);
		}

		assertThat(Processes.tree(pid)).isEmpty();
		assertThat(Processes.session(pid)).isEmpty();
	}

	private static Process startAgentProcess(Map<String, String> properties, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(NodeAgentApplication.class.getName());
		command.addAll(List.of(Agents.arguments(properties)));
		Files.createDirectories(log.getParent());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

}
