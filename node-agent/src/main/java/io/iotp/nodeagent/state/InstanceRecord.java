package io.iotp.nodeagent.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;

/**
 * What the agent knows of one instance it started, as it survives an agent restart.
 *
 * @param start the command it was started by: ids, artifact, environment, health check
 * @param state the last state reported
 * @param pid its main process, 0 while it has none
 * @param processStart when that process started, to tell it from a later process with the
 * same pid
 * @param port the port it was given
 * @param restarts how many times it was restarted in place
 * @param commandLine the command line it runs
 * @param stdoutOffset how far its stdout file was shipped
 * @param stderrOffset how far its stderr file was shipped
 * @param recordedAt when this was written
 * @param executionMode what runs it; records written before the agent had a choice have
 * none and were processes
 */
public record InstanceRecord(StartInstance start, InstanceState state, long pid, @Nullable Instant processStart,
		int port, int restarts, List<String> commandLine, long stdoutOffset, long stderrOffset, Instant recordedAt,
		@Nullable ExecutionMode executionMode) {

	public InstanceRecord {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(state, "state");
		commandLine = List.copyOf(Objects.requireNonNullElse(commandLine, List.of()));
		executionMode = Objects.requireNonNullElse(executionMode, ExecutionMode.PROCESS);
	}

}
