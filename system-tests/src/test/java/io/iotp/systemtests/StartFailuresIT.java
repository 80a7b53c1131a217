package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformException;
import io.iotp.bootstrapper.platform.PlatformLayout;

/**
 * What {@code iotp up} says when it cannot start, and that it then leaves nothing
 * running: a busy port, a damaged data directory, a document store that cannot be opened,
 * and no suitable JDK.
 */
class StartFailuresIT {

	@Test
	void aBusyPortIsNamedWithItsOwnerAndNothingStarts() throws Exception {
		PlatformLayout layout = SharedPlatform.newLayout("busy-port");
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), layout.ports().mongodb()));
			Platform platform = SharedPlatform.newPlatform(layout);

			assertThatThrownBy(platform::up).isInstanceOf(PlatformException.class)
				.hasMessageContaining("port " + layout.ports().mongodb() + " (mongodb) is already in use")
				.hasMessageContaining("--port-offset");
		}
		assertThat(PlatformProcesses.of(layout)).isEmpty();
	}

	@Test
	void aDataDirectoryWithDataButNoMarkerIsReportedDamaged() throws Exception {
		PlatformLayout layout = SharedPlatform.newLayout("no-marker");
		Files.createDirectories(layout.kafkaDir());

		assertThatThrownBy(SharedPlatform.newPlatform(layout)::up).isInstanceOf(PlatformException.class)
			.hasMessageContaining("looks damaged")
			.hasMessageContaining("marker file iotp-data.properties is missing");
		assertThat(PlatformProcesses.of(layout)).isEmpty();
	}

	@Test
	void aDataDirectoryOfAnotherFormatIsRefused() throws Exception {
		PlatformLayout layout = SharedPlatform.newLayout("other-format");
		Files.createDirectories(layout.dataDir());
		Files.writeString(layout.dataDir().resolve("iotp-data.properties"), "format=99\n");

		assertThatThrownBy(SharedPlatform.newPlatform(layout)::up).isInstanceOf(PlatformException.class)
			.hasMessageContaining("has format 99");
	}

	@Test
	void aDamagedDocumentStoreStopsTheStartWithItsReasonAndLeavesNoProcess() throws Exception {
		PlatformLayout layout = SharedPlatform.newLayout("damaged-store");
		Files.createDirectories(layout.mongoFile().getParent());
		Files.writeString(layout.dataDir().resolve("iotp-data.properties"), "format=1\n");
		Files.write(layout.mongoFile(), "this is not an H2 store ".repeat(400).getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(SharedPlatform.newPlatform(layout)::up).isInstanceOf(PlatformException.class)
			.hasMessageContaining("mongodb exited during start-up")
			.hasMessageContaining("may be damaged");
		assertThat(PlatformProcesses.of(layout)).isEmpty();
	}

	@Test
	void theLauncherNamesTheMissingJdk() throws Exception {
		Path projectRoot = Path.of("").toAbsolutePath().getParent();
		Path bin = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "no-jdk-bin");
		for (String tool : List.of("bash", "awk", "cut", "dirname", "readlink")) {
			Path real = Path.of("/usr/bin", tool);
			Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
		}
		ProcessBuilder builder = new ProcessBuilder(bin.resolve("bash").toString(),
				projectRoot.resolve("iotp").toString(), "--version")
			.redirectErrorStream(true);
		builder.environment().put("PATH", bin.toString());
		builder.environment().put("JAVA_HOME", "/nonexistent-jdk");
		builder.environment().put("IOTP_JDK_DIRS", "/nonexistent-jvm-dir");
		Process process = builder.start();
		try {
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).isEqualTo(1);
			assertThat(output).contains("a JDK 21 or newer is needed");
		}
		finally {
			process.destroyForcibly();
		}
	}

}
