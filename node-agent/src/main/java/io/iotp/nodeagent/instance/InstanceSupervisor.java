package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.nodeagent.artifact.ArtifactException;
import io.iotp.nodeagent.artifact.ArtifactUnpacker;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.logs.InstanceOutput;
import io.iotp.nodeagent.node.InstanceInventory;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.state.InstanceStateStore;

/**
 * Runs instances as processes of this node: unpacks, launches, checks health, restarts what crashes
 * within a budget, stops on request, and reports every change. Work that waits (unpacking, health
 * checks, stopping) runs on virtual threads, so no instance holds up another or the command listener.
 */
public class InstanceSupervisor implements InstanceInventory {

	private static final Logger log = LoggerFactory.getLogger(InstanceSupervisor.class);

	/** Instance ids become file names: nothing that could leave the agent's folders. */
	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

	/** SPEC §3 service names; they become part of a path inside the package. */
	private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

	private final NodeProperties properties;

	private final ArtifactUnpacker unpacker;

	private final InstanceLauncher launcher;

	private final HealthMonitor health;

	private final StatusReporter reporter;

	private final InstanceStateStore store;

	private final AppLogs appLogs;

	private final PortAllocator ports;

	private final Path instancesDir;

	private final Path logsDir;

	private final Map<InstanceId, ManagedInstance> instances = new ConcurrentHashMap<>();

	private final EndedInstances ended = new EndedInstances();

	private final ExecutorService work = Executors.newThreadPerTaskExecutor(
			Thread.ofVirtual().name("iotp-instance-", 0).factory());

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("iotp-instance-timer").daemon(true).factory());

	InstanceSupervisor(NodeProperties properties, ArtifactUnpacker unpacker, InstanceLauncher launcher,
			HealthChecker health, StatusReporter reporter, InstanceStateStore store, AppLogs appLogs,
			PortAllocator ports) {
		this.properties = properties;
		this.unpacker = unpacker;
		this.launcher = launcher;
		this.health = new HealthMonitor(health, properties.startupTimeout(), properties.unhealthyThreshold(),
				this::report, this::run);
		this.reporter = reporter;
		this.store = store;
		this.appLogs = appLogs;
		this.ports = ports;
		this.instancesDir = properties.resolvedWorkDir().resolve("instances");
		this.logsDir = properties.resolvedWorkDir().resolve("logs");
	}

	/** Starts checking the health of running instances at the configured interval. */
	void startHealthChecks() {
		long every = this.properties.healthCheckInterval().toMillis();
		this.timer.scheduleWithFixedDelay(() -> this.health.checkAll(this.instances.values()), every, every,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public List<InstanceId> instanceIds() {
		return List.copyOf(this.instances.keySet());
	}

	@Override
	public long memoryMb() {
		long kib = 0;
		for (ManagedInstance instance : this.instances.values()) {
			long pid = instance.pid;
			if (pid > 0) {
				kib += ProcessTree.residentKibOfTree(pid);
			}
		}
		return kib / 1024;
	}

	/**
	 * Handles a start command; a second command for an instance already known does nothing.
	 * @param sentAt when the command was sent, to refuse one that waited too long to arrive
	 */
	public void startInstance(StartInstance command, @Nullable Instant sentAt) {
		InstanceId id = command.instanceId();
		if (!valid(command)) {
			refuse(command, "instance id '" + id + "' or service name '" + command.service() + "' is not valid");
			return;
		}
		if (this.instances.containsKey(id) || this.ended.contains(id)) {
			log.info("instance {} is already known to node {}, start command ignored", id, this.properties.id());
			return;
		}
		ManagedInstance instance = newInstance(command);
		if (this.instances.putIfAbsent(id, instance) != null) {
			return;
		}
		Duration age = (sentAt != null) ? Duration.between(sentAt, Instant.now()) : Duration.ZERO;
		if (age.compareTo(this.properties.commandMaxAge()) > 0) {
			run(instance, () -> finish(instance, InstanceState.FAILED, null, "start command arrived " + age.toSeconds()
					+ " s after it was sent, later than " + this.properties.commandMaxAge().toSeconds() + " s"));
			return;
		}
		run(instance, () -> prepareAndLaunch(instance));
	}

	/** Whether the ids of a command can safely become file and folder names. */
	static boolean valid(StartInstance command) {
		return SAFE_ID.matcher(command.instanceId().value()).matches()
				&& SERVICE_NAME.matcher(command.service()).matches();
	}

	/** An instance of this node, with its folders; not yet running or known. */
	ManagedInstance newInstance(StartInstance command) {
		String id = command.instanceId().value();
		return new ManagedInstance(command, this.instancesDir.resolve(id), this.logsDir.resolve(id),
				this.properties.nodeId());
	}

	/** Handles a stop command; an instance the agent does not run is reported stopped at once. */
	public void stopInstance(StopInstance command) {
		ManagedInstance instance = this.instances.get(command.instanceId());
		if (instance == null) {
			EndedInstances.Ended known = this.ended.get(command.instanceId());
			this.reporter.report(command.instanceId(), known.deploymentId(), known.app(), known.service(),
					InstanceState.STOPPED, "not running on node " + this.properties.id());
			return;
		}
		synchronized (instance) {
			if (instance.stopping) {
				return;
			}
			instance.stopping = true;
			cancelRestart(instance);
		}
		String reason = "stopped on request" + (command.reason().isBlank() ? "" : ": " + command.reason());
		run(instance, () -> terminate(instance, Duration.ofSeconds(command.graceSeconds()), reason));
	}

	/**
	 * Takes over an instance a previous agent started whose process still runs: health checks, log
	 * shipping and restarts resume as if this agent had started it.
	 */
	void adopt(ManagedInstance instance, ProcessHandle process, InstanceOutput.Offsets offsets) {
		instance.output = this.appLogs.open(instance.logDir, instance.context, offsets);
		this.instances.put(instance.id(), instance);
		synchronized (instance) {
			this.ports.hold(instance.port);
			Instant since = process.info().startInstant().orElse(Instant.now());
			long generation = instance.attach(process, null, instance.port, since);
			report(instance, instance.state, null, "re-adopted by the agent after its restart");
			watchExit(instance, process.onExit(), generation);
		}
	}

	/** Ends an instance a previous agent started whose process is gone: ships its last output, reports it. */
	void forget(ManagedInstance instance, InstanceOutput.Offsets offsets, String reason) {
		instance.output = this.appLogs.open(instance.logDir, instance.context, offsets);
		this.instances.put(instance.id(), instance);
		finish(instance, InstanceState.STOPPED, null, reason);
	}

	/**
	 * On agent shutdown: stops every instance when so configured, or else leaves them running for the
	 * next agent, with their records up to date.
	 */
	void shutdown() {
		this.timer.shutdownNow();
		Collection<ManagedInstance> all = List.copyOf(this.instances.values());
		if (this.properties.stopInstancesOnShutdown()) {
			List<CompletableFuture<Void>> stops = new ArrayList<>();
			for (ManagedInstance instance : all) {
				synchronized (instance) {
					if (instance.stopping) {
						continue;
					}
					instance.stopping = true;
					cancelRestart(instance);
				}
				stops.add(CompletableFuture.runAsync(
						() -> terminate(instance, this.properties.stopGrace(), "stopped: the node agent shut down"),
						this.work));
			}
			CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
		}
		else {
			all.forEach(this::detach);
		}
		this.work.shutdown();
		try {
			this.work.awaitTermination(this.properties.stopGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.health.close();
	}

	private void detach(ManagedInstance instance) {
		synchronized (instance) {
			instance.detached = true;
			cancelRestart(instance);
			if (instance.output != null) {
				this.appLogs.detach(instance.output);
			}
			if (instance.stopping || instance.state.terminal()) {
				return;
			}
			if (instance.pid > 0) {
				try {
					this.store.save(instance.record());
					log.info("instance {} left running as pid {} for the next agent", instance.id(), instance.pid);
				}
				catch (RuntimeException ex) {
					log.error("instance {} left running as pid {}, but its record could not be brought up to date: {}",
							instance.id(), instance.pid, ex.toString());
				}
			}
			else {
				// still being unpacked: nobody would ever start it, so say so rather than leave it pending
				finish(instance, InstanceState.STOPPED, null, "the node agent shut down before the instance started");
			}
		}
	}

	private void prepareAndLaunch(ManagedInstance instance) {
		synchronized (instance) {
			if (instance.stopping) {
				return;
			}
			report(instance, InstanceState.PENDING, null, null);
		}
		List<String> commandLine;
		try {
			PathCleaner.delete(instance.dir);
			this.unpacker.unpack(instance.spec.artifactKey(), instance.spec.artifactSha256(), instance.spec.service(),
					instance.dir);
			commandLine = this.launcher.commandLine(instance.spec, instance.dir);
		}
		catch (ArtifactException | IllegalArgumentException ex) {
			fail(instance, ex.getMessage());
			return;
		}
		catch (IOException | RuntimeException ex) {
			fail(instance, "could not prepare the instance: " + ex);
			return;
		}
		synchronized (instance) {
			if (instance.stopping || instance.detached) {
				PathCleaner.deleteQuietly(instance.dir);
				return;
			}
			instance.commandLine = commandLine;
			instance.output = this.appLogs.open(instance.logDir, instance.context, InstanceOutput.Offsets.START);
			launch(instance);
		}
	}

	/** Starts a new run of the instance. Caller holds the instance's lock. */
	private void launch(ManagedInstance instance) {
		if (instance.stopping || instance.detached || instance.output == null) {
			return;
		}
		int port;
		try {
			port = this.ports.allocate();
		}
		catch (IllegalStateException ex) {
			fail(instance, ex.getMessage());
			return;
		}
		Process process;
		try {
			process = this.launcher.launch(instance.spec, instance.commandLine, instance.dir, port, instance.output);
		}
		catch (IOException ex) {
			this.ports.release(port);
			fail(instance, "could not start " + String.join(" ", instance.commandLine) + ": " + ex.getMessage());
			return;
		}
		long generation = instance.attach(process.toHandle(), process, port, Instant.now());
		report(instance, InstanceState.STARTING, null, (instance.restarts > 0) ? "restart " + instance.restarts : null);
		// the Process's own future: it completes once the exit code is known
		watchExit(instance, process.onExit(), generation);
	}

	private void watchExit(ManagedInstance instance, CompletableFuture<?> exit, long generation) {
		exit.thenRunAsync(() -> withContext(instance, () -> exited(instance, generation)), this.work);
	}

	/** The main process of a run exited: restart it within the budget, or give up. */
	private void exited(ManagedInstance instance, long generation) {
		long pid;
		Instant start;
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			pid = instance.pid;
			start = instance.processStart;
		}
		// whatever it forked goes with it, or a restart would find its port taken
		ProcessTree.killLeftovers(pid, start);
		if (instance.output != null) {
			instance.output.drain();
		}
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			Integer exitCode = instance.exitCode();
			String code = (exitCode != null) ? "code " + exitCode : "an unknown code (a re-adopted process)";
			this.ports.release(instance.port);
			instance.port = 0;
			int budget = this.properties.restartBudget();
			if (instance.restarts >= budget) {
				finish(instance, InstanceState.FAILED, exitCode, "exited with " + code + " after " + instance.restarts
						+ " restart(s); last output: " + lastOutput(instance));
				return;
			}
			Duration delay = this.properties.restartBackoff().delay(instance.restarts);
			report(instance, InstanceState.UNHEALTHY, exitCode, "exited with " + code + "; restart "
					+ (instance.restarts + 1) + " of " + budget + " in " + delay.toMillis() + " ms");
			instance.pendingRestart = this.timer.schedule(() -> run(instance, () -> restart(instance, generation)),
					delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void restart(ManagedInstance instance, long generation) {
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			instance.pendingRestart = null;
			instance.restarts++;
			launch(instance);
		}
	}

	private void terminate(ManagedInstance instance, Duration grace, String reason) {
		long pid;
		Instant start;
		synchronized (instance) {
			pid = instance.pid;
			start = instance.processStart;
		}
		boolean graceful = (pid <= 0) || ProcessTree.terminate(pid, start, grace);
		instance.awaitExitCode();
		synchronized (instance) {
			finish(instance, InstanceState.STOPPED, instance.exitCode(),
					graceful ? reason : reason + " (killed after " + grace.toSeconds() + " s)");
		}
	}

	private void fail(ManagedInstance instance, @Nullable String reason) {
		synchronized (instance) {
			if (!instance.stopping) {
				finish(instance, InstanceState.FAILED, null, (reason != null) ? reason : "failed");
			}
		}
	}

	/** Reports the instance's last state and forgets it; its code goes, its log files stay for a while. */
	private void finish(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode, String reason) {
		synchronized (instance) {
			if (instance.state.terminal()) {
				return;
			}
			cancelRestart(instance);
			if (instance.output != null) {
				this.appLogs.close(instance.output);
			}
			report(instance, state, exitCode, reason);
			if (instance.port > 0) {
				this.ports.release(instance.port);
			}
			this.store.delete(instance.id());
			this.ended.remember(instance.spec);
			this.instances.remove(instance.id(), instance);
			PathCleaner.deleteQuietly(instance.dir);
		}
	}

	/** Reports a state; caller holds the instance's lock. The record on disk follows every live state. */
	private void report(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode,
			@Nullable String reason) {
		instance.state = state;
		this.reporter.report(instance, state, exitCode, reason);
		if (!state.terminal() && !instance.detached) {
			try {
				this.store.save(instance.record());
			}
			catch (RuntimeException ex) {
				// the instance runs on; only a re-adoption after an agent restart would miss this change
				log.error("could not record instance {}: {}", instance.id(), ex.toString());
			}
		}
	}

	private void refuse(StartInstance command, String reason) {
		this.reporter.report(command.instanceId(), command.deploymentId(), command.app(), command.service(),
				InstanceState.FAILED, reason);
	}

	private void cancelRestart(ManagedInstance instance) {
		if (instance.pendingRestart != null) {
			instance.pendingRestart.cancel(false);
			instance.pendingRestart = null;
		}
	}

	private String lastOutput(ManagedInstance instance) {
		List<String> lines = (instance.output != null) ? instance.output.lastLines() : List.of();
		return lines.isEmpty() ? "(none)" : String.join("\n", lines);
	}

	private void run(ManagedInstance instance, Runnable task) {
		try {
			this.work.execute(() -> withContext(instance, task));
		}
		catch (RejectedExecutionException ex) {
			log.debug("agent shutting down, instance {} task dropped", instance.id());
		}
	}

	private static void withContext(ManagedInstance instance, Runnable task) {
		instance.context.forEach(MDC::put);
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			log.error("instance {}: {}", instance.id(), ex.toString(), ex);
		}
		finally {
			MDC.clear();
		}
	}

}
