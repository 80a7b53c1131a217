package io.iotp.bootstrapper;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.iotp.bootstrapper.fleet.Fleet;
import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.NodePlacement;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformException;
import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.bootstrapper.platform.PlatformLock;
import io.iotp.bootstrapper.platform.Ports;
import io.iotp.bootstrapper.platform.Progress;
import io.iotp.bootstrapper.platform.RestartCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code iotp} command line. */
@Command(name = "iotp", mixinStandardHelpOptions = true, versionProvider = IotpCli.Version.class,
		description = "Runs the Distributed IoT Platform.", subcommands = { IotpCli.Up.class, IotpCli.Status.class,
				IotpCli.Down.class, SimulateCommand.class, CheckNodesCommand.class })
public final class IotpCli {

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	static CommandLine commandLine() {
		return new CommandLine(new IotpCli()).setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			PrintWriter err = commandLine.getErr();
			if (ex instanceof PlatformException) {
				err.println("iotp: " + ex.getMessage());
			}
			else {
				err.println("iotp: unexpected failure: " + ex);
				ex.printStackTrace(err);
			}
			err.flush();
			return 1;
		});
	}

	static String version() {
		String version = IotpCli.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

	/** Options every subcommand shares: which platform, where. */
	static class PlatformOptions {

		/**
		 * Longer than a whole start of a loaded node, which a waiting up or down sits
		 * out.
		 */
		private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

		@Option(names = "--data-dir", paramLabel = "DIR",
				description = "Where all platform data lives (default: $IOTP_HOME, else ~/.iotp).")
		Path dataDir;

		@Option(names = "--port-offset", paramLabel = "N",
				description = "Add N to every default port, e.g. to run a second platform (default: $IOTP_PORT_OFFSET, else 0).")
		Integer portOffset;

		@Option(names = "--mongodb-uri", paramLabel = "URI",
				description = "Use this MongoDB instead of the embedded store (default: $IOTP_MONGODB_URI).")
		String mongoUri;

		@Option(names = "--ports", paramLabel = "NAME=PORT,...", hidden = true,
				description = "Every port by name, instead of the defaults plus an offset (monitoring restarts a platform on free ports with it).")
		String ports;

		@Option(names = "--service-arg", paramLabel = "ARG", hidden = true,
				description = "One more argument for every service, after those of IOTP_SERVICE_ARGS (monitoring's restarts repeat the platform's own).")
		List<String> serviceArgs;

		/** Arguments for every service that a subcommand adds. */
		List<String> extraServiceArgs = List.of();

		@Option(names = "--node-plan", paramLabel = "FILE", hidden = true,
				description = "This machine's share of a fleet, as iotp up --nodes writes it on each node (default: the whole platform on 127.0.0.1).")
		Path nodePlan;

		@Option(names = "--project-root", paramLabel = "DIR", hidden = true,
				description = "The checkout whose built jars to run (default: where this jar was built).")
		Path projectRoot;

		@Option(names = "--start-timeout", paramLabel = "SECONDS",
				description = "How long a service may take to answer healthy before up gives up and stops what it "
						+ "started; on a fleet, on each node (default: $IOTP_START_TIMEOUT, else 240). A slow or "
						+ "busy machine may need more.")
		Integer startTimeout;

		Platform platform() {
			return new Platform(layout(), version(), progress(), startTimeout());
		}

		Duration startTimeout() {
			String fromEnvironment = System.getenv("IOTP_START_TIMEOUT");
			Integer seconds = (this.startTimeout != null) ? this.startTimeout
					: (fromEnvironment != null && !fromEnvironment.isBlank()) ? parseSeconds(fromEnvironment) : null;
			if (seconds == null) {
				return Platform.SERVICE_TIMEOUT;
			}
			if (seconds < 10) {
				throw new PlatformException(
						"--start-timeout (or IOTP_START_TIMEOUT) must be 10 seconds or more, not " + seconds);
			}
			return Duration.ofSeconds(seconds);
		}

		private static Integer parseSeconds(String text) {
			try {
				return Integer.valueOf(text.strip());
			}
			catch (NumberFormatException ex) {
				throw new PlatformException("IOTP_START_TIMEOUT must be a whole number of seconds, not '" + text + "'");
			}
		}

		/**
		 * The data directory's lock, held while a local up or down works (see
		 * {@link PlatformLock}).
		 */
		PlatformLock lock(String what) {
			return PlatformLock.acquire(layout().dataDir(), what, LOCK_WAIT, progress());
		}

		/** The lock for a local down, which stops an up in progress rather than wait. */
		PlatformLock lockForDown() {
			return PlatformLock.acquireForDown(layout().dataDir(), LOCK_WAIT, progress());
		}

		static Progress progress() {
			return (line) -> {
				System.out.println(line);
				System.out.flush();
			};
		}

		/**
		 * The platform on the nodes of a nodes.yml; its secrets are kept in this
		 * machine's data directory.
		 */
		Fleet fleet(Path nodesFile, SshOptions ssh) {
			PlatformLayout layout = layout();
			return new Fleet(nodesFile, ssh.knownHosts(), ssh.timeout(), layout.projectRoot(),
					layout.dataDir().resolve("fleet"), layout.externalMongoUri(), startTimeout(), progress());
		}

		PlatformLayout layout() {
			Path data = (this.dataDir != null) ? this.dataDir : (System.getenv("IOTP_HOME") != null)
					? Path.of(System.getenv("IOTP_HOME")) : Path.of(System.getProperty("user.home"), ".iotp");
			int offset = (this.portOffset != null) ? this.portOffset
					: Integer.parseInt(System.getenv().getOrDefault("IOTP_PORT_OFFSET", "0").trim());
			String mongo = (this.mongoUri != null) ? this.mongoUri : System.getenv("IOTP_MONGODB_URI");
			if (mongo != null && !mongo.startsWith("mongodb://") && !mongo.startsWith("mongodb+srv://")) {
				throw new PlatformException("--mongodb-uri must start with mongodb:// or mongodb+srv://");
			}
			List<String> jvmOptions = new ArrayList<>(PlatformLayout.DEFAULT_SERVICE_JVM_OPTIONS);
			String extra = System.getenv("IOTP_JAVA_OPTS");
			if (extra != null && !extra.isBlank()) {
				jvmOptions.addAll(Arrays.asList(extra.trim().split("\\s+")));
			}
			Ports ports = (this.ports != null) ? RestartCommand.parsePorts(this.ports)
					: Ports.defaults().shiftedBy(offset);
			List<String> arguments = new ArrayList<>(serviceArguments());
			if (this.serviceArgs != null) {
				arguments.addAll(this.serviceArgs);
			}
			// a property given twice would reach a service as both values, joined by a
			// comma: a subcommand's own gives way to the ones given as arguments
			for (String own : this.extraServiceArgs) {
				String key = own.substring(0, own.indexOf('=') + 1);
				if (arguments.stream().noneMatch((argument) -> argument.startsWith(key))) {
					arguments.add(own);
				}
			}
			NodePlacement placement = (this.nodePlan != null) ? NodePlacement.read(this.nodePlan)
					: NodePlacement.singleMachine();
			if (mongo == null) {
				mongo = placement.mongoUri();
			}
			return new PlatformLayout(projectRoot(), data.toAbsolutePath().normalize(), ports, mongo,
					ProcessHandle.current().info().command().orElse("java"), jvmOptions, arguments, placement);
		}

		/**
		 * Extra service properties from IOTP_SERVICE_ARGS, e.g.
		 * "--logging.level.io.iotp=DEBUG".
		 */
		private static List<String> serviceArguments() {
			String arguments = System.getenv("IOTP_SERVICE_ARGS");
			return (arguments == null || arguments.isBlank()) ? List.of()
					: Arrays.asList(arguments.trim().split("\\s+"));
		}

		private Path projectRoot() {
			if (this.projectRoot != null) {
				return this.projectRoot.toAbsolutePath().normalize();
			}
			try {
				// <root>/bootstrapper/target/bootstrapper.jar
				Path jar = Path.of(IotpCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
				return jar.getParent().getParent().getParent();
			}
			catch (Exception ex) {
				return Path.of("").toAbsolutePath();
			}
		}

	}

	@Command(name = "up", mixinStandardHelpOptions = true,
			description = "Start the infrastructure, every service and a local node agent; wait until all are healthy.")
	static class Up implements Callable<Integer> {

		@Mixin
		PlatformOptions options = new PlatformOptions();

		@Option(names = "--app-runtime", paramLabel = "MODE",
				description = "How the local node runs developers' apps: process, docker (locked-down containers; "
						+ "fails without the Docker engine) or auto (containers when the engine answers and "
						+ "'iotp images' made the base images). Default: $IOTP_APP_RUNTIME, else process.")
		String appRuntime;

		@Option(names = "--nodes", paramLabel = "FILE",
				description = "Start the platform on the nodes of this nodes.yml over SSH instead of on this machine "
						+ "(see nodes.example.yml); a second run resumes.")
		Path nodesFile;

		@Mixin
		SshOptions ssh = new SshOptions();

		@Override
		public Integer call() {
			if (this.nodesFile != null) {
				this.options.fleet(this.nodesFile, this.ssh).up();
				return 0;
			}
			this.options.extraServiceArgs = List.of("--iotp.node.docker.mode="
					+ dockerMode((this.appRuntime != null) ? this.appRuntime : System.getenv("IOTP_APP_RUNTIME")));
			try (PlatformLock lock = this.options.lock("iotp up")) {
				this.options.platform().up(this.infrastructureOnly);
			}
			return 0;
		}

		@Option(names = "--infrastructure-only", hidden = true,
				description = "Start only the infrastructure (a fleet's brokers start so, together, first).")
		boolean infrastructureOnly;

		/** The node agent's {@code iotp.node.docker.mode} for an app runtime. */
		static String dockerMode(String appRuntime) {
			return switch ((appRuntime != null) ? appRuntime.strip() : "process") {
				case "process", "" -> "off";
				case "docker" -> "on";
				case "auto" -> "auto";
				default -> throw new PlatformException(
						"--app-runtime (or IOTP_APP_RUNTIME) must be process, docker or auto, not '" + appRuntime
								+ "'");
			};
		}

	}

	@Command(name = "status", mixinStandardHelpOptions = true,
			description = "Show every component with its state. Exit code 0 only when all are UP.")
	static class Status implements Callable<Integer> {

		@Mixin
		PlatformOptions options = new PlatformOptions();

		@Option(names = "--nodes", paramLabel = "FILE",
				description = "Show the components of every node of this nodes.yml, over SSH.")
		Path nodesFile;

		@Mixin
		SshOptions ssh = new SshOptions();

		@Override
		public Integer call() {
			if (this.nodesFile != null) {
				return this.options.fleet(this.nodesFile, this.ssh).status() ? 0 : 3;
			}
			List<ComponentStatus> rows = this.options.platform().status();
			System.out.printf("%-16s %-15s %-9s %-8s %s%n", "COMPONENT", "KIND", "STATE", "PID", "ENDPOINT");
			for (ComponentStatus row : rows) {
				System.out.printf("%-16s %-15s %-9s %-8s %s%n", row.name(),
						row.kind().name().toLowerCase().replace('_', '-'), row.state(),
						(row.pid() != null) ? row.pid() : "-", row.endpoint());
			}
			return rows.stream().allMatch(row -> row.state() == ComponentStatus.State.UP) ? 0 : 3;
		}

	}

	@Command(name = "down", mixinStandardHelpOptions = true,
			description = "Stop everything iotp up started: gracefully, then forcibly. Data is kept.")
	static class Down implements Callable<Integer> {

		@Mixin
		PlatformOptions options = new PlatformOptions();

		@Option(names = "--nodes", paramLabel = "FILE",
				description = "Stop the platform on every node of this nodes.yml, over SSH.")
		Path nodesFile;

		@Mixin
		SshOptions ssh = new SshOptions();

		@Override
		public Integer call() {
			if (this.nodesFile != null) {
				this.options.fleet(this.nodesFile, this.ssh).down();
				return 0;
			}
			try (PlatformLock lock = this.options.lockForDown()) {
				this.options.platform().down();
			}
			return 0;
		}

	}

	static class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "iotp " + version() };
		}

	}

}
