package io.iotp.nodeagent.instance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.nodeagent.appuser.AppUsers;
import io.iotp.nodeagent.artifact.ArtifactUnpacker;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.node.InstanceInventory;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.state.InstanceStateStore;

/**
 * Runs the instances of this node: takes the start and stop commands, answers at once and
 * leaves the work to its parts, which run it on threads of their own
 * ({@link InstanceTasks}), so no instance holds up another or the command listener.
 * {@link InstanceRuns} starts an instance, {@link HealthMonitor} checks it,
 * {@link CrashRestarts} restarts it within a budget, {@link InstanceStopper} stops it,
 * {@link Readoption} takes over those a previous agent left, and
 * {@link InstanceTransitions} reports every change. How a run is started and ended is up
 * to the {@link InstanceRuntime}.
 */
public class InstanceSupervisor implements InstanceInventory {

	private static final Logger log = LoggerFactory.getLogger(InstanceSupervisor.class);

	private final NodeProperties properties;

	private final RuntimeChoice runtimes;

	private final StatusReporter reporter;

	private final InstanceFolders folders;

	private final KnownInstances known = new KnownInstances();

	private final InstanceTasks tasks = new InstanceTasks();

	private final InstanceTransitions transitions;

	private final InstanceRuns runs;

	private final InstanceStopper stopper;

	private final HealthMonitor health;

	private final Readoption readoption;

	private final AppUsers users;

	/**
	 * @param users where instances are unpacked and as whom process instances run
	 */
	InstanceSupervisor(NodeProperties properties, AppUsers users, ArtifactUnpacker unpacker, RuntimeChoice runtimes,
			HealthChecker health, StatusReporter reporter, InstanceStateStore store, AppLogs appLogs,
			PortAllocator ports) {
		this.properties = properties;
		this.runtimes = runtimes;
		this.reporter = reporter;
		this.users = users;
		this.folders = new InstanceFolders(users.instancesDir(), properties.resolvedWorkDir().resolve("logs"),
				properties.nodeId());
		this.transitions = new InstanceTransitions(reporter, store, appLogs, ports, this.known);
		CrashRestarts restarts = new CrashRestarts(properties.restartBudget(), properties.restartBackoff(), ports,
				this.transitions, this.tasks);
		this.runs = new InstanceRuns(unpacker, ports, appLogs, this.transitions, this.tasks, restarts);
		this.stopper = new InstanceStopper(this.transitions, store, appLogs, this.tasks);
		this.health = new HealthMonitor(health, properties.startupTimeout(), properties.unhealthyThreshold(),
				this.transitions::report, this.tasks::run);
		this.readoption = new Readoption(properties, store, this.folders, this.known, runtimes, this.runs,
				this.transitions, appLogs, ports);
	}

	/** Takes over the instances a previous agent left in the work folder. */
	void readopt() {
		this.readoption.readoptAll();
	}

	/** Starts checking the health of running instances at the configured interval. */
	void startHealthChecks() {
		this.tasks.every(this.properties.healthCheckInterval(), () -> this.health.checkAll(this.known.live()));
	}

	@Override
	public List<InstanceId> instanceIds() {
		return this.known.ids();
	}

	@Override
	public ExecutionMode executionMode() {
		return this.runtimes.mode();
	}

	@Override
	public long memoryMb() {
		long kib = 0;
		for (ManagedInstance instance : this.known.live()) {
			if (instance.pid > 0) {
				kib += instance.runtime.residentKib(instance.runKey());
			}
		}
		return kib / 1024;
	}

	/**
	 * Handles a start command; a second command for an instance already known does
	 * nothing.
	 * @param sentAt when the command was sent, to refuse one that waited too long to
	 * arrive
	 */
	public void startInstance(StartInstance command, @Nullable Instant sentAt) {
		InstanceId id = command.instanceId();
		if (!InstanceFolders.valid(command)) {
			this.reporter.report(id, command.deploymentId(), command.app(), command.service(), InstanceState.FAILED,
					"instance id '" + id + "' or service name '" + command.service() + "' is not valid");
			return;
		}
		if (this.known.contains(id)) {
			log.info("instance {} is already known to node {}, start command ignored", id, this.properties.id());
			return;
		}
		ManagedInstance instance = this.folders.newInstance(command, this.runtimes.forStart(command));
		if (!this.known.add(instance)) {
			return;
		}
		Duration age = (sentAt != null) ? Duration.between(sentAt, Instant.now()) : Duration.ZERO;
		if (age.compareTo(this.properties.commandMaxAge()) > 0) {
			this.tasks.run(instance,
					() -> this.transitions.finish(instance, InstanceState.FAILED, null,
							"start command arrived " + age.toSeconds() + " s after it was sent, later than "
									+ this.properties.commandMaxAge().toSeconds() + " s"));
			return;
		}
		this.tasks.run(instance, () -> this.runs.prepareAndLaunch(instance));
	}

	/**
	 * Handles a stop command; an instance the agent does not run is reported stopped at
	 * once.
	 */
	public void stopInstance(StopInstance command) {
		ManagedInstance instance = this.known.get(command.instanceId());
		if (instance == null) {
			EndedInstances.Ended ended = this.known.ended(command.instanceId());
			this.reporter.report(command.instanceId(), ended.deploymentId(), ended.app(), ended.service(),
					InstanceState.STOPPED, "not running on node " + this.properties.id());
			return;
		}
		String reason = "stopped on request" + (command.reason().isBlank() ? "" : ": " + command.reason());
		this.stopper.stop(instance, Duration.ofSeconds(command.graceSeconds()), reason);
	}

	/** Where instances are unpacked, one folder each. */
	Path instancesDir() {
		return this.users.instancesDir();
	}

	/**
	 * On agent shutdown: stops every instance when so configured, or else leaves them
	 * running for the next agent, with their records up to date.
	 */
	void shutdown() {
		this.tasks.stopTimer();
		Collection<ManagedInstance> all = List.copyOf(this.known.live());
		if (this.properties.stopInstancesOnShutdown()) {
			this.stopper.stopAll(all, this.properties.stopGrace(), "stopped: the node agent shut down");
		}
		else {
			this.stopper.detachAll(all);
		}
		this.tasks.shutdown(this.properties.stopGrace().plusMillis(5000));
		this.health.close();
		this.runtimes.close();
		if (this.properties.stopInstancesOnShutdown() || all.isEmpty()) {
			// nothing of this agent runs any more: its rules and cgroups would only be
			// litter
			this.users.close();
		}
	}

}
