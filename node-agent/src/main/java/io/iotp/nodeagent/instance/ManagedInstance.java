package io.iotp.nodeagent.instance;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

	/** What runs it: chosen once, when it is created. */
	final InstanceRuntime runtime;

	/** How the current run ends; completes once it has exited. */
	@Nullable CompletableFuture<InstanceRuntime.Exit> exit;

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

	ManagedInstance(StartInstance spec, Path dir, Path logDir, NodeId nodeId, InstanceRuntime runtime) {
		this.spec = spec;
		this.runtime = runtime;
		this.dir = dir;
		this.logDir = logDir;
		this.context = Map.of("app", spec.app().value(), "service", spec.service(), "deploymentId",
				spec.deploymentId().value(), "instanceId", spec.instanceId().value(), "nodeId", nodeId.value());
	}

	/** The path the agent probes it at over HTTP, or null when it is not probed so. */
	@Nullable String probedPath() {
		return this.spec.http() ? this.spec.healthPath() : null;
	}

	InstanceId id() {
		return this.spec.instanceId();
	}

	/** A new run, started (or found again) by its runtime, on {@code port}. */
	synchronized long attach(InstanceRuntime.Run run, int port) {
		ProcessHandle main = run.handle();
		this.handle = main;
		this.exit = run.exit();
		this.pid = (main != null) ? main.pid() : 0;
		this.processStart = (main != null) ? main.info().startInstant().orElse(null) : null;
		this.port = port;
		this.runningSince = run.startedAt();
		this.failedChecks = 0;
		this.startupOverdueReported = false;
		return ++this.generation;
	}

	/** The current run, as its runtime knows it. */
	synchronized InstanceRuntime.RunKey runKey() {
		return new InstanceRuntime.RunKey(id(), this.pid, this.processStart);
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

	/**
	 * How the current run ended, once it has; {@link InstanceRuntime.Exit#UNKNOWN}
	 * before.
	 */
	synchronized InstanceRuntime.Exit ended() {
		CompletableFuture<InstanceRuntime.Exit> current = this.exit;
		return (current != null && current.isDone() && !current.isCompletedExceptionally()) ? current.join()
				: InstanceRuntime.Exit.UNKNOWN;
	}

	/** The exit code of the current run, when it has exited and the code is known. */
	@Nullable Integer exitCode() {
		return ended().code();
	}

	/**
	 * Waits a moment for a killed run's exit code, which is known once it has been
	 * reaped.
	 */
	void awaitExitCode() {
		CompletableFuture<InstanceRuntime.Exit> current;
		synchronized (this) {
			current = this.exit;
		}
		if (current == null) {
			return;
		}
		try {
			current.get(1, TimeUnit.SECONDS);
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
				this.commandLine, offsets.stdout(), offsets.stderr(), Instant.now(), this.runtime.mode());
	}

}
