package io.iotp.monitoring.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.monitoring.component.DetectorProperties;
import io.iotp.monitoring.component.Observations;
import io.iotp.starter.PlatformIdentity;
import io.iotp.testsupport.MovableClock;

/**
 * A monitoring replica on node 127.0.0.42 watching the replicas of its own node, with a
 * real child process standing in for the node's {@code iotp up}: it notes each run.
 */
class OwnNodeReplicasTest {

	private static final DetectorProperties DETECTOR = new DetectorProperties(Duration.ofSeconds(3),
			Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(60),
			Duration.ofSeconds(2));

	@TempDir
	Path dir;

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private Observations observations;

	private OwnNodeReplicas watch;

	private Path runs;

	@BeforeEach
	void watch() {
		this.runs = this.dir.resolve("runs");
		PlatformIdentity self = new PlatformIdentity("monitoring", ComponentKind.SERVICE, "monitoring-own", "host", 1,
				"test", this.clock.instant());
		this.observations = new Observations(this.clock, self, DETECTOR);
		PlatformRestarter restarter = new PlatformRestarter(new RestartProperties(
				List.of("/bin/sh", "-c", "echo run >> " + this.runs), this.dir.resolve("restarts.log"),
				Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5)), this.clock);
		this.watch = new OwnNodeReplicas(this.observations, restarter, DETECTOR, this.clock);
	}

	@Test
	void aReplicaOfThisNodeSilentWhileAnotherOfItsComponentLivesIsStartedAgainHereOnce() throws Exception {
		hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
		hear("logger", "logger-here", "127.0.0.42", 8086);
		hear("logger", "logger-there", "127.0.0.43", 8086);
		this.watch.check();

		// logger-here dies; logger-there and this replica go on
		for (int second = 0; second < 6; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
			hear("logger", "logger-there", "127.0.0.43", 8086);
			this.watch.check();
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> lines(this.runs) == 1);
		for (int round = 0; round < 5; round++) {
			this.watch.check();
		}
		Thread.sleep(500);
		assertThat(lines(this.runs)).as("no second run before the back-off").isEqualTo(1);
	}

	@Test
	void aReplicaOfAnotherNodeOrOneWithNoOtherReplicaAliveIsNotThisReplicasToRestart() throws Exception {
		hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
		// the only replica of the deployer, here: when it dies the component is DOWN and
		// the leader restarts it
		hear("deployer", "deployer-here", "127.0.0.42", 8082);
		// a replica of another node, silent while its twin here lives
		hear("logger", "logger-there", "127.0.0.43", 8086);
		for (int second = 0; second < 8; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
			hear("logger", "logger-here", "127.0.0.42", 8086);
			this.watch.check();
		}
		Thread.sleep(500);
		assertThat(this.runs).doesNotExist();
	}

	@Test
	void nothingIsJudgedWhileThisReplicaCannotHearItself() throws Exception {
		hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
		hear("logger", "logger-here", "127.0.0.42", 8086);
		hear("logger", "logger-there", "127.0.0.43", 8086);
		for (int second = 0; second < 8; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			// Kafka stalls for this replica: its own heartbeat does not come back
			hear("logger", "logger-there", "127.0.0.43", 8086);
			this.watch.check();
		}
		Thread.sleep(500);
		assertThat(this.runs).doesNotExist();
	}

	@Test
	void aReplicaStartedAgainAtTheSameAddressReplacesTheDeadOne() throws Exception {
		hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
		hear("logger", "logger-here", "127.0.0.42", 8086);
		hear("logger", "logger-there", "127.0.0.43", 8086);
		this.clock.advance(Duration.ofSeconds(3));
		// restarted by someone else before the watch judged it
		hear("logger", "logger-here-again", "127.0.0.42", 8086);
		for (int second = 0; second < 6; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
			hear("logger", "logger-here-again", "127.0.0.42", 8086);
			hear("logger", "logger-there", "127.0.0.43", 8086);
			this.watch.check();
		}
		Thread.sleep(500);
		assertThat(this.runs).doesNotExist();
	}

	@Test
	void aNodeAgentIsNoReplicaOfAnother() throws Exception {
		hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
		// two node agents on one machine, two nodes: one dies while the other lives
		hear("node-agent", "agent-one", ComponentKind.NODE_AGENT, "127.0.0.42", 8087);
		hear("node-agent", "agent-two", ComponentKind.NODE_AGENT, "127.0.0.42", 8091);
		for (int second = 0; second < 8; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			hear("monitoring", "monitoring-own", "127.0.0.42", 8085);
			hear("node-agent", "agent-two", ComponentKind.NODE_AGENT, "127.0.0.42", 8091);
			this.watch.check();
		}
		Thread.sleep(500);
		assertThat(this.runs).doesNotExist();
	}

	private void hear(String component, String replica, String host, int port) {
		hear(component, replica, ComponentKind.SERVICE, host, port);
	}

	private void hear(String component, String replica, ComponentKind kind, String host, int port) {
		this.observations.heartbeat(new Heartbeat(component, kind, replica, "host", 1, "test", HeartbeatStatus.UP,
				this.clock.instant(), "http://" + host + ":" + port));
	}

	private static long lines(Path file) throws IOException {
		return Files.exists(file) ? Files.readAllLines(file).size() : 0;
	}

}
