package io.iotp.bootstrapper.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM, a grace period, then SIGKILL.
 * Descendants are collected before the parent goes, since they are re-parented (and
 * harder to find) once it has.
 */
public class ProcessStopper {

	/** What happened to one process. */
	public enum Outcome {

		NOT_RUNNING, STOPPED, KILLED

	}

	public Outcome stop(ProcessHandle process, Duration grace) {
		if (!process.isAlive()) {
			return Outcome.NOT_RUNNING;
		}
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy();
		boolean graceful = awaitExit(process, grace);
		if (!graceful) {
			process.destroyForcibly();
			awaitExit(process, Duration.ofSeconds(5));
		}
		Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
		for (ProcessHandle child : descendants) {
			if (child.isAlive()) {
				child.destroy();
				awaitExit(child, Duration.between(Instant.now(), deadline).abs());
				child.destroyForcibly();
			}
		}
		return graceful ? Outcome.STOPPED : Outcome.KILLED;
	}

	private static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return !process.isAlive();
		}
	}

}
