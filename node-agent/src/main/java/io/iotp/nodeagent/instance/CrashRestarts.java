package io.iotp.nodeagent.instance;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.nodeagent.node.NodeProperties;

/**
 * What follows when an instance's main process exits without being asked to: whatever is
 * left of the run is killed, and the instance restarts after the back-off, on a new port,
 * while its restart budget (counted over the instance's life) lasts. After that it is
 * {@code FAILED}, with its last output.
 */
final class CrashRestarts {

	private final int budget;

	private final NodeProperties.Backoff backoff;

	private final PortAllocator ports;

	private final InstanceTransitions transitions;

	private final InstanceTasks tasks;

	CrashRestarts(int budget, NodeProperties.Backoff backoff, PortAllocator ports, InstanceTransitions transitions,
			InstanceTasks tasks) {
		this.budget = budget;
		this.backoff = backoff;
		this.ports = ports;
		this.transitions = transitions;
		this.tasks = tasks;
	}

	/**
	 * The main process of run {@code generation} exited: restart it within the budget, or
	 * give up.
	 * @param relaunch starts the next run; called with the instance's lock held
	 */
	void exited(ManagedInstance instance, long generation, Consumer<ManagedInstance> relaunch) {
		InstanceRuntime.RunKey run;
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			run = instance.runKey();
		}
		// whatever it forked goes with it, or a restart would find its port taken
		instance.runtime.killLeftovers(run);
		if (instance.output != null) {
			instance.output.drain();
		}
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			InstanceRuntime.Exit exit = instance.ended();
			Integer exitCode = exit.code();
			String code = ((exitCode != null) ? "code " + exitCode : "an unknown code (a re-adopted process)")
					+ ((exit.cause() != null) ? " (" + exit.cause() + ")" : "");
			this.ports.release(instance.port);
			instance.port = 0;
			if (instance.restarts >= this.budget) {
				this.transitions.finish(instance, InstanceState.FAILED, exitCode, "exited with " + code + " after "
						+ instance.restarts + " restart(s); last output: " + lastOutput(instance));
				return;
			}
			Duration delay = this.backoff.delay(instance.restarts);
			this.transitions.report(instance, InstanceState.UNHEALTHY, exitCode, "exited with " + code + "; restart "
					+ (instance.restarts + 1) + " of " + this.budget + " in " + delay.toMillis() + " ms");
			instance.pendingRestart = this.tasks.later(instance, delay, () -> restart(instance, generation, relaunch));
		}
	}

	private void restart(ManagedInstance instance, long generation, Consumer<ManagedInstance> relaunch) {
		synchronized (instance) {
			if (generation != instance.generation || instance.stopping || instance.detached) {
				return;
			}
			instance.pendingRestart = null;
			instance.restarts++;
			relaunch.accept(instance);
		}
	}

	private static String lastOutput(ManagedInstance instance) {
		List<String> lines = (instance.output != null) ? instance.output.lastLines() : List.of();
		return lines.isEmpty() ? "(none)" : String.join("\n", lines);
	}

}
