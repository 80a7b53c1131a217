package io.iotp.bootstrapper.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One iotp up or down at a time on a data directory: a second waits, says for whom, and
 * gives up with a problem naming the holder; the lock is free again once closed.
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
