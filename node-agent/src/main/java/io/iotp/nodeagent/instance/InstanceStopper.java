package io.iotp.nodeagent.instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.state.InstanceStateStore;

/**
 * Ends instances on purpose: one on request, all of them when the agent shuts down and is
 * so configured. Otherwise a shutting-down agent detaches them: they run on for the next
 * agent, their records up to date.
 */
final class InstanceStopper {

	private static final Logger log = LoggerFactory.getLogger(InstanceStopper.class);

	private final InstanceTransitions transitions;

	private final InstanceStateStore store;

	private final AppLogs appLogs;

	private final InstanceTasks tasks;

	InstanceStopper(InstanceTransitions transitions, InstanceStateStore store, AppLogs appLogs, InstanceTasks tasks) {
		this.transitions = transitions;
		this.store = store;
		this.appLogs = appLogs;
		this.tasks = tasks;
	}

	/** Stops the instance on a task of its own, unless it is being stopped already. */
	void stop(ManagedInstance instance, Duration grace, String reason) {
		if (markStopping(instance)) {
			this.tasks.run(instance, () -> terminate(instance, grace, reason));
		}
	}

	/** Stops all the instances at once, and waits until they are. */
	void stopAll(Collection<ManagedInstance> instances, Duration grace, String reason) {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (ManagedInstance instance : instances) {
			if (markStopping(instance)) {
				stops.add(this.tasks.runAsync(() -> terminate(instance, grace, reason)));
			}
		}
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Leaves the instances to the next agent: they run on, and nothing here acts on them
	 * any more.
	 */
	void detachAll(Collection<ManagedInstance> instances) {
		instances.forEach(this::detach);
	}

	/**
	 * From now on the instance's exit is expected and nothing restarts it; false when it
	 * already was.
	 */
	private static boolean markStopping(ManagedInstance instance) {
		synchronized (instance) {
			if (instance.stopping) {
				return false;
			}
			instance.stopping = true;
			instance.cancelPendingRestart();
			return true;
		}
	}

	private void terminate(ManagedInstance instance, Duration grace, String reason) {
		InstanceRuntime.RunKey run;
		synchronized (instance) {
			run = instance.runKey();
		}
		boolean graceful = instance.runtime.stop(run, grace);
		instance.awaitExitCode();
		synchronized (instance) {
			this.transitions.finish(instance, InstanceState.STOPPED, instance.exitCode(),
					graceful ? reason : reason + " (killed after " + grace.toSeconds() + " s)");
		}
	}

	private void detach(ManagedInstance instance) {
		synchronized (instance) {
			instance.detached = true;
			instance.cancelPendingRestart();
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
				// still being unpacked: nobody would ever start it, so say so rather than
				// leave it pending
				this.transitions.finish(instance, InstanceState.STOPPED, null,
						"the node agent shut down before the instance started");
			}
		}
	}

}
