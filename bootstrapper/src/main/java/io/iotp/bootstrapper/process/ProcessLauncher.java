package io.iotp.bootstrapper.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a component as a detached process: in a session of its own (so a Ctrl-C in the
 * terminal that ran {@code iotp up} does not reach it), output appended to its log file,
 * pid recorded.
 */
public class ProcessLauncher {

	private static final String SETSID = "/usr/bin/setsid";

	private final ProcessRegistry registry;

	private final Path logDir;

	public ProcessLauncher(ProcessRegistry registry, Path logDir) {
		this.registry = registry;
		this.logDir = logDir;
	}

	public Process start(String component, List<String> command, Map<String, String> environment) {
		List<String> line = new ArrayList<>();
		if (new File(SETSID).canExecute()) {
			// Called from a process that is not a group leader, setsid execs in place:
			// the pid stays.
			line.add(SETSID);
		}
		line.addAll(command);
		Path log = logFile(component);
		try {
			Files.createDirectories(this.logDir);
			ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().putAll(environment);
			Process process = builder.start();
			this.registry.record(component, process.toHandle());
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + component + ": " + ex.getMessage(), ex);
		}
	}

	public Path logFile(String component) {
		return this.logDir.resolve(component + ".log");
	}

}
