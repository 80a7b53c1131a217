package io.iotp.nodeagent.instance;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.state.InstanceStateStore;

/**
 * Every state change of an instance: reported on {@code instance-status} and, while the
 * instance lives, kept in its record on disk. At its end, the instance gives back what it
 * held (port, record, code, output) and is remembered as ended.
 */
final class InstanceTransitions {

	private static final Logger log = LoggerFactory.getLogger(InstanceTransitions.class);

	private final StatusReporter reporter;

	private final InstanceStateStore store;

	private final AppLogs appLogs;

	private final PortAllocator ports;

	private final KnownInstances known;

	InstanceTransitions(StatusReporter reporter, InstanceStateStore store, AppLogs appLogs, PortAllocator ports,
			KnownInstances known) {
		this.reporter = reporter;
		this.store = store;
		this.appLogs = appLogs;
		this.ports = ports;
		this.known = known;
	}

	/**
	 * Reports a state; caller holds the instance's lock. The record on disk follows every
	 * live state.
	 */
	void report(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode, @Nullable String reason) {
		instance.state = state;
		this.reporter.report(instance, state, exitCode, reason);
		if (!state.terminal() && !instance.detached) {
			try {
				this.store.save(instance.record());
			}
			catch (RuntimeException ex) {
				// the instance runs on; only a re-adoption after an agent restart would
				// miss this change
				log.error("could not record instance {}: {}", instance.id(), ex.toString());
			}
		}
	}

	/**
	 * Reports the instance's last state and forgets it; its code goes, its log files stay
	 * for a while.
	 */
	void finish(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode, String reason) {
		synchronized (instance) {
			if (instance.state.terminal()) {
				return;
			}
			instance.cancelPendingRestart();
			if (instance.output != null) {
				this.appLogs.close(instance.output);
			}
			report(instance, state, exitCode, reason);
			if (instance.port > 0) {
				this.ports.release(instance.port);
			}
			this.store.delete(instance.id());
			this.known.end(instance);
			PathCleaner.deleteQuietly(instance.dir);
		}
	}

	/** Ends the instance {@code FAILED}, unless it is being stopped. */
	void fail(ManagedInstance instance, @Nullable String reason) {
		synchronized (instance) {
			if (!instance.stopping) {
				finish(instance, InstanceState.FAILED, null, (reason != null) ? reason : "failed");
			}
		}
	}

}
