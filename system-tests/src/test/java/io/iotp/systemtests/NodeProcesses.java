package io.iotp.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformComponents;

/**
 * The app instance processes the local node agent runs, found by the instance folder they
 * run in, or by the container they run in.
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
		List<ProcessHandle> found = new ArrayList<>(ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter(p -> p.pid() != agent)
			.filter(p -> cwd(p).map(dir -> dir.toString().contains(instanceId)).orElse(false))
			.toList());
		found.addAll(inContainer(instanceId));
		return found;
	}

	/**
	 * The processes of the instance's container, when it runs in one: its main process,
	 * as this machine sees it, and what that started.
	 */
	private static List<ProcessHandle> inContainer(String instanceId) {
		if (!DockerCli.available()) {
			return List.of();
		}
		List<ProcessHandle> found = new ArrayList<>();
		for (String container : DockerCli.containersLabelled("io.iotp.instance", instanceId)) {
			String pid = DockerCli.run("inspect", "--format", "{{.State.Pid}}", container);
			ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).ifPresent((main) -> {
				found.add(main);
				main.descendants().filter(ProcessHandle::isAlive).forEach(found::add);
			});
		}
		return found;
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
