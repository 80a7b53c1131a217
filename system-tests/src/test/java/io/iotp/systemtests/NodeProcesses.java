package io.iotp.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformComponents;

/**
 * The app instance processes the local node agent runs, found by the instance folder they
 * run in.
 */
final class NodeProcesses {

	private NodeProcesses() {
	}

	/**
	 * Live processes (the instance and its children) whose working directory is the
	 * instance's folder.
	 */
	static List<ProcessHandle> ofInstance(Platform platform, String instanceId) {
		long agent = platform.status()
			.stream()
			.filter(row -> row.name().equals(PlatformComponents.NODE_AGENT))
			.map(ComponentStatus::pid)
			.findFirst()
			.orElseThrow();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter(p -> p.pid() != agent)
			.filter(p -> cwd(p).map(dir -> dir.toString().contains(instanceId)).orElse(false))
			.toList();
	}

	private static java.util.Optional<Path> cwd(ProcessHandle process) {
		try {
			return java.util.Optional
				.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd")));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return java.util.Optional.empty();
		}
	}

}
