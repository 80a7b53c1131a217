package io.iotp.monitoring.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iotp.contracts.heartbeat.ComponentState;
import io.iotp.monitoring.component.ComponentRecord;
import io.iotp.monitoring.component.MonitoredKind;

/**
 * The restarter with a real child process standing in for {@code iotp up}: it notes each
 * run, then waits.
 */
class PlatformRestarterTest {

	@TempDir
	Path dir;

	private PlatformRestarter restarter;

	@AfterEach
	void stop() {
		// the restarter leaves a run going on shutdown on purpose; the test ends its own
		ProcessHandle.current()
			.children()
			.filter(child -> child.info().commandLine().map(line -> line.contains(this.dir.toString())).orElse(false)
					|| child.info().command().map(command -> command.endsWith("sleep")).orElse(false))
			.forEach(ProcessHandle::destroy);
	}

	@Test
	void oneRunAtATimeNothingForAStopOnRequestAndNoSecondRunBeforeTheBackoff() throws Exception {
		Path runs = this.dir.resolve("runs");
		this.restarter = restarter(runs, "echo run >> " + runs, Duration.ofSeconds(30));

		this.restarter.checked(List.of(down("admin-stopped", Instant.now(), true)));
		assertThat(runs).doesNotExist();

		ComponentRecord logger = down("logger", Instant.now(), false);
		this.restarter.checked(List.of(logger));
		await().atMost(Duration.ofSeconds(20)).until(() -> lines(runs) == 1);
		for (int i = 0; i < 5; i++) {
			this.restarter.checked(List.of(logger));
		}

		assertThat(lines(runs)).as("still down, but the back-off of 30 s has not passed").isEqualTo(1);
	}

	@Test
	void aRunWaitingInVainIsEndedWhenSomethingElseDiesAndANewOneStarts() throws Exception {
		Path runs = this.dir.resolve("runs");
		this.restarter = restarter(runs, "echo run >> " + runs + "; exec sleep 60", Duration.ZERO);
		ComponentRecord logger = down("logger", Instant.now().minusSeconds(1), false);
		this.restarter.checked(List.of(logger));
		await().atMost(Duration.ofSeconds(20)).until(() -> lines(runs) == 1);
		this.restarter.checked(List.of(logger));
		assertThat(lines(runs)).as("the first run is still under way").isEqualTo(1);

		// down after the first run began (its line is written), before any second run can
		// begin: a deployer
		// "down" in the future would also end every run started before that moment, one
		// per round
		ComponentRecord deployer = down("deployer", Instant.now(), false);
		// checked every round as the detector does (ending the first run may take a round
		// or two)
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
			this.restarter.checked(List.of(logger, deployer));
			return lines(runs) >= 2;
		});
		for (int i = 0; i < 3; i++) {
			this.restarter.checked(List.of(logger, deployer));
		}
		assertThat(lines(runs)).as("the new run began after both went down: it is left to work").isEqualTo(2);
	}

	private PlatformRestarter restarter(Path runs, String script, Duration backoff) {
		return new PlatformRestarter(new RestartProperties(List.of("/bin/sh", "-c", script),
				this.dir.resolve("restarts.log"), backoff, Duration.ofMinutes(2), Duration.ofMinutes(5)),
				Clock.systemUTC());
	}

	private static ComponentRecord down(String id, Instant since, boolean stopped) {
		return new ComponentRecord(id, MonitoredKind.SERVICE, ComponentState.DOWN, since, since.minusSeconds(5),
				"no heartbeat for 5000 ms", stopped, "host", 42L, null, null, null, null, null);
	}

	private static long lines(Path file) throws IOException {
		return Files.exists(file) ? Files.readAllLines(file).size() : 0;
	}

}
