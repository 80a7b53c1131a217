package io.iotp.nodeagent.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real process trees, in sessions of their own as the agent starts instances. */
class ProcessTreeIT {

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void killEverything() {
		for (Process process : this.started) {
			ProcessTree.killLeftovers(process.pid(), null);
			process.destroyForcibly();
		}
	}

	@Test
	void terminateStopsTheWholeTreeGracefully() throws Exception {
		Process leader = session("sleep 300 & sleep 300 & wait");
		await().atMost(Duration.ofSeconds(10)).until(() -> leader.descendants().count() == 2);
		List<ProcessHandle> children = leader.descendants().toList();

		boolean graceful = ProcessTree.terminate(leader.pid(), start(leader), Duration.ofSeconds(5));

		assertThat(graceful).isTrue();
		assertThat(leader.isAlive()).isFalse();
		assertThat(children).noneMatch(ProcessHandle::isAlive);
	}

	@Test
	void whatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
		Process leader = session("trap '' TERM; while :; do sleep 0.1; done");
		await().atMost(Duration.ofSeconds(10)).until(() -> leader.descendants().findAny().isPresent());

		boolean graceful = ProcessTree.terminate(leader.pid(), start(leader), Duration.ofMillis(500));

		assertThat(graceful).isFalse();
		assertThat(leader.isAlive()).isFalse();
		assertThat(ProcessTree.members(leader.pid(), null)).isEmpty();
	}

	@Test
	void anOrphanOfTheInstanceIsFoundByItsSessionAndKilled() throws Exception {
		// the subshell starts a sleep and exits: the sleep is re-parented away from the
		// tree
		Process leader = session("(sleep 300 &); sleep 300");
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTree.members(leader.pid(), null).size() == 3);
		Instant start = start(leader);
		Set<ProcessHandle> members = ProcessTree.members(leader.pid(), start);
		assertThat(leader.descendants().count()).isEqualTo(1);

		leader.destroyForcibly().waitFor();
		ProcessTree.killLeftovers(leader.pid(), start);

		assertThat(members).noneMatch(ProcessHandle::isAlive);
	}

	@Test
	void aDifferentProcessWithTheSamePidIsNotTheLeader() throws Exception {
		Process leader = session("sleep 300");

		assertThat(ProcessTree.members(leader.pid(), Instant.now().minus(Duration.ofHours(1)))).isEmpty();
		assertThat(ProcessTree.members(leader.pid(), start(leader))).extracting(ProcessHandle::pid)
			.startsWith(leader.pid());
	}

	@Test
	void theExitOfAProcessThatIsNotOurChildIsNoticed() throws Exception {
		// as for an instance re-adopted by a new agent: its parent is somebody else
		Process leader = session("(sleep 1 &); sleep 300");
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTree.members(leader.pid(), null).size() == 3);
		ProcessHandle orphan = ProcessTree.members(leader.pid(), null)
			.stream()
			.filter((member) -> member.pid() != leader.pid())
			.filter((member) -> member.parent().map((parent) -> parent.pid() != leader.pid()).orElse(true))
			.findFirst()
			.orElseThrow();

		assertThat(orphan.onExit()).succeedsWithin(Duration.ofSeconds(10));
	}

	private Process session(String script) throws IOException {
		List<String> command = new ArrayList<>();
		if (new File("/usr/bin/setsid").canExecute()) {
			command.add("/usr/bin/setsid");
		}
		command.addAll(List.of("sh", "-c", script));
		Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		this.started.add(process);
		return process;
	}

	private static Instant start(Process process) {
		return process.info().startInstant().orElseThrow();
	}

}
