package io.iotp.nodeagent.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.ids.NodeId;

/**
 * The node this agent runs and how it runs instances on it.
 *
 * @param id node id, the key of its heartbeats and commands
 * @param workDir where instances, their logs and the agent's state live;
 * {@code ~/.iotp/nodes/<id>} when unset
 * @param address host name or address instances are reachable at, used in their endpoints
 * @param portRange ports handed to instances as {@code PORT}, e.g. {@code 20000-29999}
 * @param capacity what the node offers to instances
 * @param labels admin-given labels (zone, gpu, ...) sent in every heartbeat
 * @param heartbeatInterval how often the node heartbeat is sent
 * @param healthCheckInterval how often each instance's health is checked
 * @param healthTimeout how long one health check may take
 * @param workerGrace how long a worker (no HTTP) must stay alive to count as healthy
 * @param startupTimeout how long an instance may take to become healthy before it is
 * reported unhealthy
 * @param unhealthyThreshold failed checks in a row that turn a healthy instance unhealthy
 * @param restartBudget how many times a crashed instance is restarted before it is
 * reported failed
 * @param restartBackoff wait before each restart: initial, doubling, capped
 * @param stopGrace how long the agent itself waits for an instance to exit after SIGTERM
 * (on shutdown)
 * @param stopInstancesOnShutdown whether the agent stops its instances when it shuts
 * down; when false they keep running and the next agent start re-adopts them
 * @param logTailLines how many last output lines of an instance are kept for failure
 * reasons
 * @param logPollInterval how often instance log files are read for shipping
 * @param logRetention how long the logs of ended instances stay on disk
 * @param commandMaxAge a start command older than this is refused rather than run late
 * @param pythonCommand the Python binary ({@code python3} in commands is replaced by it)
 * @param javaCommand the Java binary ({@code java} in commands); the agent's own JVM when
 * unset
 * @param nodeCommand the Node.js binary ({@code node} in commands)
 * @param inheritEnv variables of the agent's environment an instance inherits; the rest
 * is not passed on
 */
@ConfigurationProperties("iotp.node")
public record NodeProperties(@DefaultValue("local-1") String id, @Nullable Path workDir,
		@DefaultValue("127.0.0.1") String address, @DefaultValue("20000-29999") PortRange portRange,
		@DefaultValue Capacity capacity, @Nullable Map<String, String> labels,
		@DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("500ms") Duration healthCheckInterval,
		@DefaultValue("2s") Duration healthTimeout, @DefaultValue("1s") Duration workerGrace,
		@DefaultValue("60s") Duration startupTimeout, @DefaultValue("3") int unhealthyThreshold,
		@DefaultValue("3") int restartBudget, @DefaultValue Backoff restartBackoff,
		@DefaultValue("10s") Duration stopGrace, @DefaultValue("false") boolean stopInstancesOnShutdown,
		@DefaultValue("20") int logTailLines, @DefaultValue("200ms") Duration logPollInterval,
		@DefaultValue("1d") Duration logRetention, @DefaultValue("5m") Duration commandMaxAge,
		@DefaultValue("python3") String pythonCommand, @Nullable String javaCommand,
		@DefaultValue("node") String nodeCommand, @DefaultValue( {
				"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL", "PYENV_ROOT",
				"PYENV_VERSION", "JAVA_HOME" }) List<String> inheritEnv){

	public NodeProperties {
		NodeId.of(id); // rejects a blank id at startup rather than at the first heartbeat
		labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
		inheritEnv = List.copyOf(inheritEnv);
		requirePositive(heartbeatInterval, "heartbeat-interval");
		requirePositive(healthCheckInterval, "health-check-interval");
		requirePositive(healthTimeout, "health-timeout");
		requirePositive(logPollInterval, "log-poll-interval");
		if (restartBudget < 0 || unhealthyThreshold < 1 || logTailLines < 1) {
			throw new IllegalArgumentException(
					"iotp.node.restart-budget must be >= 0, unhealthy-threshold and " + "log-tail-lines >= 1");
		}
	}

	/** The node id as a typed id. */
	public NodeId nodeId() {
		return NodeId.of(this.id);
	}

	/** {@link #workDir()}, or {@code ~/.iotp/nodes/<id>} when it is unset. */
	public Path resolvedWorkDir() {
		return (this.workDir != null) ? this.workDir.toAbsolutePath().normalize()
				: Path.of(System.getProperty("user.home"), ".iotp", "nodes", this.id);
	}

	/**
	 * {@link #javaCommand()}, or the binary of the JVM this agent runs on when it is
	 * unset.
	 */
	public String resolvedJavaCommand() {
		return (this.javaCommand != null) ? this.javaCommand : ProcessHandle.current().info().command().orElse("java");
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("iotp.node." + name + " must be positive, got " + duration);
		}
	}

	/**
	 * Ports instances may get, both ends included.
	 *
	 * @param first lowest port
	 * @param last highest port
	 */
	public record PortRange(int first, int last) {

		public PortRange {
			if (first < 1 || last > 65535 || first > last) {
				throw new IllegalArgumentException("port range must be within 1-65535, got " + first + "-" + last);
			}
		}

		/**
		 * Parses {@code first-last}; the binder finds this method for property values.
		 */
		public static PortRange valueOf(String range) {
			String[] ends = range.strip().split("-", 2);
			try {
				return (ends.length == 1) ? new PortRange(Integer.parseInt(ends[0]), Integer.parseInt(ends[0]))
						: new PortRange(Integer.parseInt(ends[0].strip()), Integer.parseInt(ends[1].strip()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("port range must look like 20000-29999, got '" + range + "'");
			}
		}

		public int size() {
			return this.last - this.first + 1;
		}

	}

	/**
	 * What the node offers to instances.
	 *
	 * @param cpu cores; the machine's processors when unset
	 * @param memoryMb mebibytes
	 */
	public record Capacity(@Nullable Double cpu, @DefaultValue("4096") long memoryMb) {

		public Resources resources() {
			double cores = (this.cpu != null) ? this.cpu : Runtime.getRuntime().availableProcessors();
			return new Resources(cores, this.memoryMb);
		}

	}

	/**
	 * An exponential back-off.
	 *
	 * @param initial the first wait
	 * @param multiplier factor between one wait and the next
	 * @param max the longest wait
	 */
	public record Backoff(@DefaultValue("500ms") Duration initial, @DefaultValue("2") double multiplier,
			@DefaultValue("5s") Duration max) {

		/** The wait before attempt {@code attempt} (0 for the first). */
		public Duration delay(int attempt) {
			double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, attempt));
			return Duration.ofMillis((long) Math.min(millis, this.max.toMillis()));
		}

	}

}
