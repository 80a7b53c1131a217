package io.iotp.nodeagent.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.RuntimeKind;

/**
 * The app runtimes of this node: which binaries run them, and which of them are
 * installed. Commands name a runtime by its usual word ({@code python3}, {@code java},
 * {@code node}); the agent runs the binary configured for it instead, so one node can pin
 * a Python and another use its own JDK.
 */
public class Runtimes {

	private final String python;

	private final String java;

	private final String node;

	private final List<RuntimeKind> available;

	public Runtimes(NodeProperties properties) {
		this(properties.pythonCommand(), properties.resolvedJavaCommand(), properties.nodeCommand(),
				System.getenv("PATH"));
	}

	Runtimes(String python, String java, String node, @Nullable String path) {
		this.python = python;
		this.java = java;
		this.node = node;
		List<RuntimeKind> found = new ArrayList<>();
		if (installed(python, path)) {
			found.add(RuntimeKind.PYTHON);
		}
		if (installed(java, path)) {
			found.add(RuntimeKind.JAVA);
		}
		if (installed(node, path)) {
			found.add(RuntimeKind.NODE);
		}
		// a command runtime ships its own executable; the node needs nothing for it
		found.add(RuntimeKind.COMMAND);
		this.available = List.copyOf(found);
	}

	/** The runtimes whose binary was found when the agent started. */
	public List<RuntimeKind> available() {
		return this.available;
	}

	/**
	 * The command a service runs: its own, or the runtime's default when it has none,
	 * with the runtime's usual binary name as first word replaced by the configured
	 * binary.
	 * @throws IllegalArgumentException when the runtime needs a command and there is none
	 */
	public List<String> commandLine(RuntimeKind runtime, List<String> command) {
		List<String> line = new ArrayList<>(command(runtime, command));
		line.set(0, binary(line.getFirst()));
		return List.copyOf(line);
	}

	/**
	 * The command a service runs, its own or the runtime's default, as written: for a
	 * runtime whose binaries are not this node's (a container's).
	 * @throws IllegalArgumentException when the runtime needs a command and there is none
	 */
	public static List<String> command(RuntimeKind runtime, List<String> command) {
		List<String> line = command.isEmpty() ? defaultCommand(runtime) : command;
		if (line.isEmpty()) {
			throw new IllegalArgumentException("runtime '" + runtime.wireName() + "' needs a command");
		}
		return List.copyOf(line);
	}

	private static List<String> defaultCommand(RuntimeKind runtime) {
		// node has no default in the contract, but index.js is what every Node.js
		// developer expects
		return (runtime == RuntimeKind.NODE) ? List.of("node", "index.js") : runtime.defaultCommand();
	}

	private String binary(String word) {
		return switch (word) {
			case "python3", "python" -> this.python;
			case "java" -> this.java;
			case "node", "nodejs" -> this.node;
			default -> word;
		};
	}

	static boolean installed(String binary, @Nullable String path) {
		if (binary.contains(File.separator)) {
			return Files.isExecutable(Path.of(binary));
		}
		for (String dir : Objects.requireNonNullElse(path, "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
				return true;
			}
		}
		return false;
	}

}
