package io.iotp.nodeagent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iotp.contracts.app.RuntimeKind;

class RuntimesTest {

	private final Runtimes runtimes = new Runtimes("/opt/python/bin/python3.12", "/opt/jdk/bin/java", "node", "");

	@Test
	void runtimeWordsBecomeTheConfiguredBinaries() {
		assertThat(this.runtimes.commandLine(RuntimeKind.PYTHON, List.of()))
			.containsExactly("/opt/python/bin/python3.12", "main.py");
		assertThat(this.runtimes.commandLine(RuntimeKind.PYTHON, List.of("python3", "-u", "app.py")))
			.containsExactly("/opt/python/bin/python3.12", "-u", "app.py");
		assertThat(this.runtimes.commandLine(RuntimeKind.JAVA, List.of())).containsExactly("/opt/jdk/bin/java", "-jar",
				"app.jar");
		assertThat(this.runtimes.commandLine(RuntimeKind.JAVA, List.of("java", "-Xmx128m", "-jar", "app.jar")))
			.containsExactly("/opt/jdk/bin/java", "-Xmx128m", "-jar", "app.jar");
		assertThat(this.runtimes.commandLine(RuntimeKind.NODE, List.of())).containsExactly("node", "index.js");
		assertThat(this.runtimes.commandLine(RuntimeKind.COMMAND, List.of("./run.sh", "java")))
			.containsExactly("./run.sh", "java");
	}

	@Test
	void aCommandRuntimeNeedsACommand() {
		assertThatThrownBy(() -> this.runtimes.commandLine(RuntimeKind.COMMAND, List.of()))
			.hasMessage("runtime 'command' needs a command");
	}

	@Test
	void onlyRuntimesWhoseBinaryIsFoundAreOffered(@TempDir Path bin) throws Exception {
		Files.createFile(bin.resolve("python3"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

		Runtimes found = new Runtimes("python3", "/no/such/java", "node", bin.toString());

		assertThat(found.available()).containsExactly(RuntimeKind.PYTHON, RuntimeKind.COMMAND);
	}

}
