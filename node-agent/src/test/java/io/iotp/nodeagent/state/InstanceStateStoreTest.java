package io.iotp.nodeagent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
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
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;

class InstanceStateStoreTest {

	@TempDir
	Path dir;

	@Test
	void recordsSurviveAsPrivateFiles() throws Exception {
		InstanceStateStore store = new InstanceStateStore(this.dir);
		StartInstance start = new StartInstance(NodeId.of("n-1"), InstanceId.random(), DeploymentId.random(),
				AppId.of("greenhouse"), "dashboard", RuntimeKind.PYTHON, List.of("python3", "main.py"),
				"apps/greenhouse/1.0.0/app.zip", "ab".repeat(32), Map.of("IOTP_API_TOKEN", "secret"), "/health", true,
				new Resources(0.25, 128));
		InstanceRecord record = new InstanceRecord(start, InstanceState.HEALTHY, 4242,
				Instant.parse("2026-11-26T10:00:00.120Z"), 20001, 1, List.of("/usr/bin/python3", "main.py"), 120, 7,
				Instant.now(), ExecutionMode.DOCKER);

		store.save(record);

		assertThat(store.load()).containsExactly(record);
		Path file = this.dir.resolve(start.instanceId().value() + ".json");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		store.delete(start.instanceId());
		assertThat(store.load()).isEmpty();
	}

	@Test
	void aRecordWithoutExecutionModeWasAProcess() throws Exception {
		InstanceStateStore store = new InstanceStateStore(this.dir);
		StartInstance start = new StartInstance(NodeId.of("n-1"), InstanceId.random(), DeploymentId.random(),
				AppId.of("greenhouse"), "dashboard", RuntimeKind.PYTHON, List.of(), "apps/greenhouse/1.0.0/app.zip",
				null, Map.of(), "/health", true, Resources.DEFAULT);
		store.save(new InstanceRecord(start, InstanceState.HEALTHY, 4242, null, 20001, 0, List.of(), 0, 0,
				Instant.now(), ExecutionMode.PROCESS));
		Path file = this.dir.resolve(start.instanceId().value() + ".json");
		Files.writeString(file, Files.readString(file).replace(",\"executionMode\":\"process\"", ""));

		assertThat(Files.readString(file)).doesNotContain("executionMode");
		assertThat(store.load()).singleElement()
			.satisfies((record) -> assertThat(record.executionMode()).isEqualTo(ExecutionMode.PROCESS));
	}

	@Test
	void anUnreadableRecordIsSetAside() throws Exception {
		Files.writeString(this.dir.resolve("i-broken.json"), "{ not json");

		assertThat(new InstanceStateStore(this.dir).load()).isEmpty();
		assertThat(this.dir.resolve("i-broken.json.broken")).exists();
	}

}
