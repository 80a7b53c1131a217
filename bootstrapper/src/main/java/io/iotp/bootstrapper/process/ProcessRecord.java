package io.iotp.bootstrapper.process;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A process the bootstrapper started, as written to its pid file. The start time guards
 * against pid reuse: a live process with the same pid but another start time is not ours.
 */
public record ProcessRecord(String component, long pid, @Nullable Instant startedAt) {

	/** The live process this record names, if it is still running. */
	public Optional<ProcessHandle> live() {
		return ProcessHandle.of(this.pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
	}

	private boolean sameStart(ProcessHandle handle) {
		if (this.startedAt == null) {
			return true;
		}
		return handle.info().startInstant().map(start -> start.equals(this.startedAt)).orElse(true);
	}

}
