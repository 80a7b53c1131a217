package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

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
	public List<String> commandLine(StartInstance spec, Path dir) {
		return this.launcher.commandLine(spec, dir);
	}

	@Override
	public Run start(ManagedInstance instance, int port, InstanceOutput output) throws IOException {
		Process process = this.launcher.launch(instance.spec, instance.commandLine, instance.dir, port, output);
		// the Process's own future: it completes once the exit code is known
		return new Run(process.toHandle(), process, process.onExit(), Instant.now());
	}

	@Override
	public Optional<Run> find(long pid, @Nullable Instant processStart) {
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> ProcessTree.sameStart(handle, processStart))
			.map((handle) -> new Run(handle, null, handle.onExit(),
					handle.info().startInstant().orElse(Instant.now())));
	}

	@Override
	public void killLeftovers(long pid, @Nullable Instant processStart) {
		ProcessTree.killLeftovers(pid, processStart);
	}

	@Override
	public boolean stop(long pid, @Nullable Instant processStart, Duration grace) {
		return ProcessTree.terminate(pid, processStart, grace);
	}

	@Override
	public long residentKib(long pid) {
		return ProcessTree.residentKibOfTree(pid);
	}

}
