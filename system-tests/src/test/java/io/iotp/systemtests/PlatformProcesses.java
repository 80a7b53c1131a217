package io.iotp.systemtests;

import java.util.List;

import io.iotp.bootstrapper.platform.PlatformLayout;

/**
 * Finds processes that belong to one platform: every process the bootstrapper starts
 * names the platform's data directory on its command line, so a leftover cannot hide
 * behind a pid file.
 */
final class PlatformProcesses {

	private PlatformProcesses() {
	}

	static List<String> of(PlatformLayout layout) {
		return of(layout.dataDir());
	}

	static List<String> of(java.nio.file.Path dataDirectory) {
		String dataDir = dataDirectory.toString();
		long self = ProcessHandle.current().pid();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter(p -> p.pid() != self)
			.filter(p -> p.info().commandLine().map(line -> line.contains(dataDir)).orElse(false))
			.map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
			.toList();
	}

}
