package io.iotp.nodeagent.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.node.Runtimes;

class InstanceLauncherTest {

	private final NodeProperties properties = new org.springframework.boot.context.properties.bind.Binder()
		.bindOrCreate("iotp.node", NodeProperties.class);

	private final InstanceLauncher launcher = new InstanceLauncher(new Runtimes(this.properties),
			List.of("PATH", "HOME"),
			Map.of("PATH", "/usr/bin", "HOME", "/home/agent", "AWS_SECRET_ACCESS_KEY", "agent's own secret"),
			"127.0.0.7");

	@Test
	void environmentIsTheCommandsPlusWhatOnlyTheAgentKnows() {
		StartInstance start = start(RuntimeKind.PYTHON, List.of(), Map.of("THRESHOLD", "30", "IOTP_SENSORS", "[]",
				"PORT", "1", "IOTP_API_URL", "http://gw", "HOST", "0.0.0.0"));

		Map<String, String> env = this.launcher.environment(start, 20001);

		assertThat(env).containsEntry("PATH", "/usr/bin")
			.containsEntry("HOME", "/home/agent")
			.containsEntry("THRESHOLD", "30")
			.containsEntry("IOTP_SENSORS", "[]")
			.containsEntry("IOTP_API_URL", "http://gw")
			.containsEntry("PORT", "20001")
			.containsEntry("HOST", "127.0.0.7")
			.containsEntry("IOTP_APP", "greenhouse")
			.containsEntry("IOTP_SERVICE", "web")
			.containsEntry("IOTP_INSTANCE_ID", start.instanceId().value())
			.containsEntry("PYTHONUNBUFFERED", "1")
			.doesNotContainKey("AWS_SECRET_ACCESS_KEY");
	}

	@Test
	void aProgramShippedInTheServiceFolderIsRunFromThereAndMadeExecutable(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");

		List<String> line = this.launcher.commandLine(start(RuntimeKind.COMMAND, List.of("run.sh", "--fast"), Map.of()),
				dir);

		assertThat(line).containsExactly(dir.resolve("run.sh").toString(), "--fast");
		assertThat(Files.isExecutable(dir.resolve("run.sh"))).isTrue();
	}

	@Test
	void otherProgramsAreLeftToThePath(@TempDir Path dir) {
		List<String> line = this.launcher.commandLine(start(RuntimeKind.COMMAND, List.of("../../bin/sh"), Map.of()),
				dir);

		assertThat(line).containsExactly("../../bin/sh");
	}

	private static StartInstance start(RuntimeKind runtime, List<String> command, Map<String, String> env) {
		return new StartInstance(NodeId.of("n-1"), InstanceId.random(), DeploymentId.random(), AppId.of("greenhouse"),
				"web", runtime, command, "apps/greenhouse/1.0.0/app.zip", null, env, null, true, Resources.DEFAULT);
	}

}
