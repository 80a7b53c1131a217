package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.logs.InstanceOutput;

/**
 * How an instance's code runs on this node; the supervisor decides when a run starts and
 * ends, a runtime how. A run is known by the instance it belongs to and the pid and start
 * time of its main process, as the host sees it: that is what the instance's record
 * keeps, so that the next agent can find the run again.
 */
interface InstanceRuntime {

	/** What this runtime is called in heartbeats, status reports and records. */
	ExecutionMode mode();

	/**
	 * The command line of an instance unpacked in {@code dir}, as this runtime runs it.
	 * @throws IllegalArgumentException when the runtime needs a command and none was
	 * given
	 */
	List<String> commandLine(StartInstance spec, Path dir);

	/**
	 * Makes what every run of the instance needs from its unpacked folder (an image, for
	 * a container runtime). Runs once per instance, before its first run, and may take
	 * long.
	 * @throws IllegalArgumentException when the service's folder cannot run here, with
	 * the reason
	 */
	default void prepare(ManagedInstance instance) throws IOException {
	}

	/**
	 * Starts a run of the instance, listening on {@code port}, its stdout and stderr
	 * going to {@code output}.
	 */
	Run start(ManagedInstance instance, int port, InstanceOutput output) throws IOException;

	/** The run a previous agent started, if its main process still runs. */
	Optional<Run> find(RunKey key);

	/** Kills and removes whatever is left of a run whose main process has exited. */
	void killLeftovers(RunKey key);

	/**
	 * Asks a run to end, and ends it by force after {@code grace}.
	 * @return whether it ended within the grace period
	 */
	boolean stop(RunKey key, Duration grace);

	/** Resident memory of a run, in KiB; 0 when it is gone. */
	long residentKib(RunKey key);

	/**
	 * Removes what this runtime still holds of instances the agent does not know (after
	 * re-adoption: the runs of instances whose records are gone).
	 */
	default void removeStrays(Set<InstanceId> known) {
	}

	/**
	 * Which run of which instance.
	 *
	 * @param instance the instance
	 * @param pid its main process, 0 while it has none
	 * @param processStart when that process started, to tell it from a later process with
	 * the same pid
	 */
	record RunKey(InstanceId instance, long pid, @Nullable Instant processStart) {

	}

	/**
	 * How a run ended.
	 *
	 * @param code its exit code, when it could be learned
	 * @param cause what ended it, when the runtime knows more than the code says (an
	 * out-of-memory kill)
	 */
	record Exit(@Nullable Integer code, @Nullable String cause) {

		static final Exit UNKNOWN = new Exit(null, null);

	}

	/**
	 * One run of an instance.
	 *
	 * @param handle its main process; none when it exited before it could be found
	 * @param exit completes once the run has exited, with its exit code when it can be
	 * known
	 * @param startedAt when it started
	 */
	record Run(@Nullable ProcessHandle handle, CompletableFuture<Exit> exit, Instant startedAt) {

	}

}
