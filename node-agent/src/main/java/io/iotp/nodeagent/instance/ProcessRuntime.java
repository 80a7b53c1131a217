package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.logs.InstanceOutput;

/**
 * Runs instances as processes of this node, each in a session of its own
 * ({@link InstanceLauncher}); a run ends with every process of its tree and its session
 * ({@link ProcessTree}).
 */
final class ProcessRuntime implements InstanceRuntime {

	private final InstanceLauncher launcher;

	ProcessRuntime(InstanceLauncher launcher) {
		this.launcher = launcher;
	}

	@Override
	public ExecutionMode mode() {
		return ExecutionMode.PROCESS;
	}

	@Override
	public List<String> commandLine(StartInstance spec, Path dir) {
		return this.launcher.commandLine(spec, dir);
	}

	@Override
	public Run start(ManagedInstance instance, int port, InstanceOutput output) throws IOException {
		Process process = this.launcher.launch(instance.spec, instance.commandLine, instance.dir, port, output);
		String id = instance.spec.instanceId().value();
		// the Process's own future: it completes once the exit code is known
		return new Run(process.toHandle(),
				process.onExit().thenApply((ended) -> new Exit(ended.exitValue(), this.launcher.users().ended(id))),
				Instant.now());
	}

	@Override
	public Optional<Run> find(RunKey key) {
		return ProcessHandle.of(key.pid())
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> ProcessTree.sameStart(handle, key.processStart()))
			// not our child: its exit code is its parent's to learn
			.map((handle) -> new Run(handle, handle.onExit().thenApply((ended) -> Exit.UNKNOWN),
					handle.info().startInstant().orElse(Instant.now())));
	}

	@Override
	public void killLeftovers(RunKey key) {
		if (key.pid() > 0) {
			ProcessTree.killLeftovers(key.pid(), key.processStart());
		}
	}

	@Override
	public boolean stop(RunKey key, Duration grace) {
		return (key.pid() <= 0) || ProcessTree.terminate(key.pid(), key.processStart(), grace);
	}

	@Override
	public long residentKib(RunKey key) {
		return (key.pid() > 0) ? ProcessTree.residentKibOfTree(key.pid()) : 0;
	}

}
