package io.iotp.bootstrapper.platform;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One iotp up or down at a time on a data directory: a second waits, says for whom, and
 * gives up with a problem naming the holder; the lock is free again once closed. A down
 * stops an up that holds it instead of waiting.
 */
class PlatformLockTest {

	@TempDir
	Path dataDir;

	@Test
	void aSecondCommandWaitsForTheFirstAndGivesUpNamingIt() {
		List<String> said = new CopyOnWriteArrayList<>();
		try (PlatformLock first = PlatformLock.acquire(this.dataDir, "iotp up", Duration.ofSeconds(1), said::add)) {
			assertThatThrownBy(() -> PlatformLock.acquire(this.dataDir, "iotp down", Duration.ofMillis(600), said::add))
				.isInstanceOf(PlatformException.class)
				.hasMessageContaining("another iotp command still works on " + this.dataDir)
				.hasMessageContaining("iotp up (pid " + ProcessHandle.current().pid() + ")");
		}
		assertThat(said).containsExactly("Waiting for another iotp command on " + this.dataDir
				+ " to finish: iotp up (pid " + ProcessHandle.current().pid() + ")");

		try (PlatformLock second = PlatformLock.acquire(this.dataDir, "iotp down", Duration.ofSeconds(1), said::add)) {
			assertThat(said).hasSize(1);
		}
	}

	@Test
	void aDownStopsAnUpInProgressOfAnotherProcessInsteadOfWaitingForIt() throws Exception {
		Path file = Files.createDirectories(this.dataDir.resolve("run")).resolve("iotp.lock");
		Files.writeString(file, "");
		// another process's up: a POSIX record lock, as the JVM takes, and its name
		Process up = new ProcessBuilder("python3", "-c", """
				import fcntl, os, sys, time
				f = open(sys.argv[1], "r+")
				fcntl.lockf(f, fcntl.LOCK_EX)
				f.truncate(0)
				f.write("iotp up (pid %d)\\n" % os.getpid())
				f.flush()
				print("locked", flush=True)
				time.sleep(60)
				""", file.toString()).redirectErrorStream(true).start();
		try {
			assertThat(new BufferedReader(new InputStreamReader(up.getInputStream())).readLine()).isEqualTo("locked");
			List<String> said = new CopyOnWriteArrayList<>();

			try (PlatformLock down = PlatformLock.acquireForDown(this.dataDir, Duration.ofSeconds(20), said::add)) {
				assertThat(up.waitFor(10, TimeUnit.SECONDS)).isTrue();
				assertThat(up.exitValue()).as("SIGTERM").isEqualTo(128 + 15);
				assertThat(said).containsExactly("Stopping the start in progress on " + this.dataDir + " (iotp up (pid "
						+ up.pid() + ")): a down does not wait for it");
				assertThat(file).content().startsWith("iotp down (pid " + ProcessHandle.current().pid() + ")");
			}
		}
		finally {
			up.destroyForcibly();
		}
	}

	@Test
	void aDownWaitsForAnotherDown() {
		List<String> said = new CopyOnWriteArrayList<>();
		try (PlatformLock first = PlatformLock.acquireForDown(this.dataDir, Duration.ofSeconds(1), said::add)) {
			assertThatThrownBy(() -> PlatformLock.acquireForDown(this.dataDir, Duration.ofMillis(600), said::add))
				.isInstanceOf(PlatformException.class)
				.hasMessageContaining("iotp down (pid " + ProcessHandle.current().pid() + ")");
		}
		assertThat(said).noneMatch((line) -> line.startsWith("Stopping"));
	}

	@Test
	void aFileWhereTheDataDirectoryShouldBeIsNamedAsSuch() throws Exception {
		Path file = Files.writeString(this.dataDir.resolve("not-a-dir"), "x");

		assertThatThrownBy(() -> PlatformLock.acquire(file, "iotp up", Duration.ofSeconds(1), (line) -> {
		})).isInstanceOf(PlatformException.class).hasMessageContaining("is a file, not a directory");
	}

	@Test
	void theWaitingOneGoesOnOnceTheFirstIsDone() throws Exception {
		PlatformLock first = PlatformLock.acquire(this.dataDir, "iotp up", Duration.ofSeconds(1), (line) -> {
		});
		Thread release = Thread.ofVirtual().start(() -> {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			first.close();
		});
		try (PlatformLock second = PlatformLock.acquire(this.dataDir, "iotp up", Duration.ofSeconds(10), (line) -> {
		})) {
			assertThat(this.dataDir.resolve("run/iotp.lock")).content().startsWith("iotp up (pid ");
		}
		release.join();
	}

}
