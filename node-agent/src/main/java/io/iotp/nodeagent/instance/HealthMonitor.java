package io.iotp.nodeagent.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.instance.InstanceState;

/**
 * Checks every running instance at each tick, each check on a thread of its own so a
 * hanging instance delays no other, and at most one check per instance at a time. Turns
 * results into state changes: {@code STARTING → HEALTHY} on the first pass,
 * {@code HEALTHY → UNHEALTHY} after a few failures in a row, back to {@code HEALTHY} on
 * recovery, and {@code UNHEALTHY} for an instance that takes too long to become healthy
 * at all.
 */
class HealthMonitor {

	private final HealthChecker checker;

	private final Duration startupTimeout;

	private final int unhealthyThreshold;

	private final Transition transition;

	private final BiConsumer<ManagedInstance, Runnable> runner;

	/**
	 * @param transition reports a state change; called with the instance's lock held
	 * @param runner runs a check for an instance, off the calling thread
	 */
	HealthMonitor(HealthChecker checker, Duration startupTimeout, int unhealthyThreshold, Transition transition,
			BiConsumer<ManagedInstance, Runnable> runner) {
		this.checker = checker;
		this.startupTimeout = startupTimeout;
		this.unhealthyThreshold = unhealthyThreshold;
		this.transition = transition;
		this.runner = runner;
	}

	void checkAll(Collection<ManagedInstance> instances) {
		for (ManagedInstance instance : instances) {
			long generation;
			synchronized (instance) {
				boolean watched = instance.state == InstanceState.STARTING || instance.state == InstanceState.HEALTHY
						|| instance.state == InstanceState.UNHEALTHY;
				if (!watched || !instance.live(instance.generation) || !instance.checking.compareAndSet(false, true)) {
					continue;
				}
				generation = instance.generation;
			}
			this.runner.accept(instance, () -> check(instance, generation));
		}
	}

	void close() {
		this.checker.close();
	}

	private void check(ManagedInstance instance, long generation) {
		try {
			int port;
			Instant since;
			synchronized (instance) {
				port = instance.port;
				since = instance.runningSince;
			}
			HealthChecker.Result result = this.checker.check(instance.spec.http(), instance.spec.healthPath(), port,
					since);
			synchronized (instance) {
				// the run it checked may be over by now: a stop, a crash, a restart
				if (instance.live(generation)) {
					record(instance, result);
				}
			}
		}
		finally {
			instance.checking.set(false);
		}
	}

	private void record(ManagedInstance instance, HealthChecker.Result result) {
		if (result.healthy()) {
			instance.failedChecks = 0;
			if (instance.state != InstanceState.HEALTHY) {
				String reason = (instance.state == InstanceState.STARTING) ? "healthy "
						+ Duration.between(instance.runningSince, Instant.now()).toMillis() + " ms after start"
						: "healthy again";
				this.transition.to(instance, InstanceState.HEALTHY, null, reason);
			}
			return;
		}
		instance.failedChecks++;
		if (instance.state == InstanceState.HEALTHY && instance.failedChecks >= this.unhealthyThreshold) {
			this.transition.to(instance, InstanceState.UNHEALTHY, null, result.detail());
		}
		else if (instance.state == InstanceState.STARTING && !instance.startupOverdueReported
				&& Instant.now().isAfter(instance.runningSince.plus(this.startupTimeout))) {
			instance.startupOverdueReported = true;
			this.transition.to(instance, InstanceState.UNHEALTHY, null,
					"not healthy " + this.startupTimeout.toSeconds() + " s after start: " + result.detail());
		}
	}

	/** A state change of an instance, reported by whoever owns the instance. */
	@FunctionalInterface
	interface Transition {

		void to(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode, String reason);

	}

}
