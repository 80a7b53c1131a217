package io.iotp.nodeagent.instance;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.appuser.AppUsers;
import io.iotp.nodeagent.logs.InstanceOutput;
import io.iotp.nodeagent.node.Runtimes;

/**
 * Turns a start command into a running process: the command line, the environment, and a
 * process in a session of its own whose stdout and stderr go to files. Files rather than
 * pipes, because an instance belongs to the node, not to the agent: it must neither block
 * nor die of a broken pipe while the agent restarts, and the next agent reads on where
 * the last one stopped.
 */
class InstanceLauncher {

	private static final File SETSID = new File("/usr/bin/setsid");

	private static final File DEV_NULL = new File("/dev/null");

	private final Runtimes runtimes;

	private final List<String> inheritEnv;

	private final Map<String, String> agentEnv;

	private final String address;

	private final AppUsers users;

	InstanceLauncher(Runtimes runtimes, List<String> inheritEnv, String address, AppUsers users) {
		this(runtimes, inheritEnv, System.getenv(), address, users);
	}

	InstanceLauncher(Runtimes runtimes, List<String> inheritEnv, Map<String, String> agentEnv, String address) {
		this(runtimes, inheritEnv, agentEnv, address, AppUsers.disabled(Path.of("unused")));
	}

	/**
	 * @param address the node's address instances are reached at; they are asked to
	 * listen there only
	 * @param users whether and how instances run as users of their own
	 */
	InstanceLauncher(Runtimes runtimes, List<String> inheritEnv, Map<String, String> agentEnv, String address,
			AppUsers users) {
		this.runtimes = runtimes;
		this.inheritEnv = List.copyOf(inheritEnv);
		this.agentEnv = Map.copyOf(agentEnv);
		this.address = address;
		this.users = users;
	}

	/**
	 * The command line of an instance unpacked in {@code dir}: a program shipped in the
	 * service folder is run from there (and made executable, which a zip cannot record).
	 * @throws IllegalArgumentException when the runtime needs a command and none was
	 * given
	 */
	List<String> commandLine(StartInstance spec, Path dir) {
		List<String> line = new ArrayList<>(this.runtimes.commandLine(spec.runtime(), spec.command()));
		shippedProgram(dir, line.getFirst(), true).ifPresent((shipped) -> line.set(0, shipped.toString()));
		return List.copyOf(line);
	}

	/**
	 * The program {@code word} names when it is a file of the service folder {@code dir},
	 * made executable (which a zip cannot record), by its owner or by everyone.
	 */
	static Optional<Path> shippedProgram(Path dir, String word, boolean ownerOnly) {
		Path shipped = dir.resolve(word).normalize();
		if (shipped.startsWith(dir) && !shipped.equals(dir) && Files.isRegularFile(shipped)) {
			shipped.toFile().setExecutable(true, ownerOnly);
			return Optional.of(shipped);
		}
		return Optional.empty();
	}

	/**
	 * The environment of an instance: a few variables of the agent's own (PATH, HOME,
	 * locale), the command's {@code env} (the service's and the platform's), then what
	 * only the agent knows.
	 */
	Map<String, String> environment(StartInstance spec, int port) {
		Map<String, String> env = new LinkedHashMap<>();
		for (String name : this.inheritEnv) {
			String value = this.agentEnv.get(name);
			if (value != null) {
				env.put(name, value);
			}
		}
		// Python buffers output to a file by the block; unbuffered, lines reach the logs
		// as they are written
		env.put("PYTHONUNBUFFERED", "1");
		env.putAll(spec.env());
		env.put("PORT", Integer.toString(port));
		// Listening on every interface would let callers reach the instance around the
		// gateway (and around
		// the login of a platform app): HOST is where the gateway reaches it, and all it
		// needs.
		env.put("HOST", this.address);
		env.put("IOTP_APP", spec.app().value());
		env.put("IOTP_SERVICE", spec.service());
		env.put("IOTP_INSTANCE_ID", spec.instanceId().value());
		return env;
	}

	/** As whom process instances run. */
	AppUsers users() {
		return this.users;
	}

	/**
	 * The platform's ports an instance is given: the gateway's ({@code IOTP_API_URL})
	 * and, for {@code kafka} delivery, the broker's ({@code KAFKA_BOOTSTRAP_SERVERS}).
	 */
	static Set<Integer> platformPorts(StartInstance spec) {
		Set<Integer> ports = new TreeSet<>();
		String api = spec.env().get("IOTP_API_URL");
		if (api != null) {
			try {
				URI uri = URI.create(api);
				ports.add((uri.getPort() > 0) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80));
			}
			catch (IllegalArgumentException ex) {
				// not a URL: the instance is given no gateway
			}
		}
		String kafka = spec.env().get("KAFKA_BOOTSTRAP_SERVERS");
		if (kafka != null) {
			for (String server : kafka.split(",")) {
				String port = server.substring(server.lastIndexOf(':') + 1).strip();
				if (port.matches("[0-9]{1,5}")) {
					ports.add(Integer.parseInt(port));
				}
			}
		}
		return ports;
	}

	/**
	 * Starts the instance in {@code dir}, its output appended to the files of
	 * {@code output}; as a user of its own when the node runs instances so
	 * ({@link AppUsers}), the folder then handed over to that user.
	 */
	Process launch(StartInstance spec, List<String> commandLine, Path dir, int port, InstanceOutput output)
			throws IOException {
		List<String> line = new ArrayList<>();
		if (SETSID.canExecute()) {
			// A session of its own: a signal to the agent's terminal or group does not
			// reach it, and whatever
			// it forks can be found by session id even after its parent is gone. --wait
			// keeps the pid ours
			// should setsid ever have to fork.
			line.add(SETSID.getPath());
			line.add("--wait");
		}
		int uid = this.users.uid(port);
		this.users.handOver(dir, uid);
		this.users.confine(uid, platformPorts(spec));
		long memoryMb = (spec.resources().memoryMb() > 0) ? spec.resources().memoryMb() : Resources.DEFAULT.memoryMb();
		line.addAll(this.users.prefix(uid, spec.instanceId().value(), memoryMb));
		line.addAll(commandLine);
		Files.createDirectories(output.stdoutFile().getParent());
		ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(output.stdoutFile().toFile()))
			.redirectError(ProcessBuilder.Redirect.appendTo(output.stderrFile().toFile()));
		builder.environment().clear();
		builder.environment().putAll(environment(spec, port));
		if (this.users.enabled()) {
			builder.environment().put("PATH", this.users.path(builder.environment().getOrDefault("PATH", "")));
			builder.environment().put("HOME", dir.toString());
		}
		return builder.start();
	}

}
