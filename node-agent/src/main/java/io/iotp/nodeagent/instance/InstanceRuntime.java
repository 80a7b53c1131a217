package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.logs.InstanceOutput;

/**
 * How an instance's code runs on this node; the supervisor decides when a run starts and
 * ends, a runtime how. A run is known by the pid and start time of its main process: that
 * is what the instance's record keeps, so that the next agent can find the run again.
 */
interface InstanceRuntime {

	/**
	 * The command line of an instance unpacked in {@code dir}.
	 * @throws IllegalArgumentException when the runtime needs a command and none was
	 * given
	 */
	List<String> commandLine(StartInstance spec, Path dir);

	/**
	 * Starts a run of the instance, listening on {@code port}, its stdout and stderr
	 * going to {@code output}.
	 */
	Run start(ManagedInstance instance, int port, InstanceOutput output) throws IOException;

	/** The run a previous agent started, if its main process still runs. */
	Optional<Run> find(long pid, @Nullable Instant processStart);

	/** Kills whatever is left of a run whose main process has exited. */
	void killLeftovers(long pid, @Nullable Instant processStart);

	/**
	 * Asks a run to end, and ends it by force after {@code grace}.
	 * @return whether it ended within the grace period
	 */
	boolean stop(long pid, @Nullable Instant processStart, Duration grace);

	/** Resident memory of a run, in KiB; 0 when it is gone. */
	long residentKib(long pid);

	/**
	 * One run of an instance.
	 *
	 * @param handle its main process
	 * @param process the same, when this agent started it: the only way to learn its exit
	 * code
	 * @param exit completes once the run has exited (and its exit code is known, when it
	 * can be)
	 * @param startedAt when it started
	 */
	record Run(ProcessHandle handle, @Nullable Process process, CompletableFuture<?> exit, Instant startedAt) {

	}

}
