package io.iotp.nodeagent.instance;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.logs.InstanceOutput;
import io.iotp.nodeagent.state.InstanceRecord;

/**
 * One instance the agent looks after, from its start command until it ends. Mutable state
 * is guarded by the object's monitor; every process run of it has a generation, so that a
 * late exit or health result of an earlier run cannot act on the current one.
 */
final class ManagedInstance {

	final StartInstance spec;

	/** The unpacked service folder: the instance's working directory. */
	final Path dir;

	/** Folder of its stdout and stderr files; kept after it ends, for diagnosis. */
	final Path logDir;

	/** Its ids for the MDC and the context of its log lines. */
	final Map<String, String> context;

	/**
	 * Whether a health check of it is running, so that a slow check is not piled up on.
	 */
	final AtomicBoolean checking = new AtomicBoolean();

	InstanceState state = InstanceState.PENDING;

	List<String> commandLine = List.of();

	@Nullable InstanceOutput output;

	/** Its process when this agent started it: the only way to learn its exit code. */
	@Nullable Process process;

	/** Its main process, whether started or re-adopted by this agent. */
	@Nullable ProcessHandle handle;

	/** Read without the lock for usage figures. */
	volatile long pid;

	@Nullable Instant processStart;

	int port;

	int restarts;

	long generation;

	Instant runningSince = Instant.now();

	int failedChecks;

	boolean startupOverdueReported;

	/** Being stopped on request: its exit is expected, nothing restarts it. */
	boolean stopping;

	/** Left running for the next agent because this one shuts down. */
	boolean detached;

	@Nullable ScheduledFuture<?> pendingRestart;

	ManagedInstance(StartInstance spec, Path dir, Path logDir, NodeId nodeId) {
		this.spec = spec;
		this.dir = dir;
		this.logDir = logDir;
		this.context = Map.of("app", spec.app().value(), "service", spec.service(), "deploymentId",
				spec.deploymentId().value(), "instanceId", spec.instanceId().value(), "nodeId", nodeId.value());
	}

	InstanceId id() {
		return this.spec.instanceId();
	}

	/** A new run: the process just started (or re-adopted) on {@code port}. */
	synchronized long attach(ProcessHandle handle, @Nullable Process process, int port, Instant since) {
		this.handle = handle;
		this.process = process;
		this.pid = handle.pid();
		this.processStart = handle.info().startInstant().orElse(null);
		this.port = port;
		this.runningSince = since;
		this.failedChecks = 0;
		this.startupOverdueReported = false;
		return ++this.generation;
	}

	/** A new run, started (or found again) by a runtime, on {@code port}. */
	long attach(InstanceRuntime.Run run, int port) {
		return attach(run.handle(), run.process(), port, run.startedAt());
	}

	/** Calls off a restart that is waiting for its back-off; caller holds the lock. */
	void cancelPendingRestart() {
		if (this.pendingRestart != null) {
			this.pendingRestart.cancel(false);
			this.pendingRestart = null;
		}
	}

	/** Whether the current run's process is alive and not going away on purpose. */
	synchronized boolean live(long generation) {
		return generation == this.generation && !this.stopping && !this.detached && this.handle != null
				&& this.handle.isAlive();
	}

	/** The exit code of the current run, when this agent started it and it has exited. */
	synchronized @Nullable Integer exitCode() {
		Process current = this.process;
		return (current != null && !current.isAlive()) ? current.exitValue() : null;
	}

	/**
	 * Waits a moment for a killed child's exit code, which is known once the JVM has
	 * reaped it.
	 */
	void awaitExitCode() {
		Process current;
		synchronized (this) {
			current = this.process;
		}
		if (current == null) {
			return;
		}
		try {
			current.onExit().get(1, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// reported without an exit code then
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	synchronized InstanceRecord record() {
		InstanceOutput.Offsets offsets = (this.output != null) ? this.output.offsets() : InstanceOutput.Offsets.START;
		return new InstanceRecord(this.spec, this.state, this.pid, this.processStart, this.port, this.restarts,
				this.commandLine, offsets.stdout(), offsets.stderr(), Instant.now());
	}

}
