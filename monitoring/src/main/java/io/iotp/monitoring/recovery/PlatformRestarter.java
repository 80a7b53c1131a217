package io.iotp.monitoring.recovery;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.iotp.contracts.heartbeat.ComponentState;
import io.iotp.monitoring.component.ComponentEvents;
import io.iotp.monitoring.component.ComponentRecord;

/**
 * Restarts platform components that went DOWN without being asked to stop, by running the
 * configured command as a child process (in local mode {@code iotp up}, which starts only
 * what is missing): one at a time, never again before the back-off has passed, the
 * back-off doubling while something stays down and reset once everything is up, so a
 * piece of infrastructure that cannot start is not hammered. Components that stopped on
 * request (they said so in their last heartbeat) are left alone: that is an admin's
 * {@code iotp down}.
 */
@Component
class PlatformRestarter implements ComponentEvents, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PlatformRestarter.class);

	private final RestartProperties properties;

	private final Clock clock;

	private @Nullable Process child;

	private @Nullable Instant childStarted;

	private Instant notBefore = Instant.MIN;

	private int attempts;

	/**
	 * Restarts of replicas of this node only, which a check of the whole never resets.
	 */
	private int ownNodeAttempts;

	PlatformRestarter(RestartProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public synchronized void checked(Collection<ComponentRecord> components) {
		List<ComponentRecord> dead = components.stream()
			.filter(c -> c.kind().restartable() && c.state() == ComponentState.DOWN && !c.stopped())
			.toList();
		List<String> down = dead.stream().map(ComponentRecord::id).sorted().toList();
		Instant now = this.clock.instant();
		if (running(now, dead)) {
			return;
		}
		if (down.isEmpty()) {
			this.attempts = 0;
			return;
		}
		if (this.properties.command().isEmpty() || now.isBefore(this.notBefore)) {
			return;
		}
		this.notBefore = now.plus(backoff(this.attempts++));
		start(down, now);
	}

	/**
	 * Whether the restart command still runs. One that runs too long is ended, and so is
	 * one that waits for the platform to be healthy while something died after it began
	 * (it would wait for that in vain, since it only starts what was missing when it
	 * began); a new one follows, back-off permitting. Only the command itself is ended,
	 * never what it started.
	 */
	private boolean running(Instant now, List<ComponentRecord> dead) {
		Process process = this.child;
		if (process == null) {
			return false;
		}
		if (process.isAlive()) {
			Instant started = (this.childStarted != null) ? this.childStarted : now;
			List<String> diedSince = dead.stream()
				.filter(c -> c.since().isAfter(started))
				.map(ComponentRecord::id)
				.toList();
			if (now.isAfter(started.plus(this.properties.timeout())) || !diedSince.isEmpty()) {
				log.warn("restart command (pid {}) ended after {} s: {}", process.pid(),
						Duration.between(started, now).toSeconds(),
						diedSince.isEmpty() ? "it took too long" : diedSince + " went down after it began");
				process.destroy();
				this.child = null;
				return false;
			}
			return true;
		}
		log.info("restart command (pid {}) ended with exit code {}", process.pid(), process.exitValue());
		this.child = null;
		return false;
	}

	/**
	 * Restarts replicas of this node that died while other replicas of theirs live on (so
	 * the component as a whole stays up and {@link #checked} sees nothing down): the
	 * command, which starts what is missing here, is the same.
	 */
	synchronized void restartOwnNode(List<String> replicas) {
		Instant now = this.clock.instant();
		if (replicas.isEmpty() || running(now, List.of()) || this.properties.command().isEmpty()
				|| now.isBefore(this.notBefore)) {
			return;
		}
		this.notBefore = now.plus(backoff(this.ownNodeAttempts++));
		start(replicas, now);
	}

	private Duration backoff(int attempt) {
		Duration backoff = this.properties.initialBackoff().multipliedBy(1L << Math.min(attempt, 20));
		return (backoff.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : backoff;
	}

	/** Notes that this node's replicas are all heard from again. */
	synchronized void ownNodeWhole() {
		this.ownNodeAttempts = 0;
	}

	private void start(List<String> down, Instant now) {
		Duration backoff = Duration.between(now, this.notBefore);
		ProcessBuilder builder = new ProcessBuilder(this.properties.command()).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		if (this.properties.logFile() != null) {
			try {
				Files.createDirectories(this.properties.logFile().toAbsolutePath().getParent());
			}
			catch (IOException ex) {
				log.warn("restart log folder not created: {}", ex.getMessage());
			}
			builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.properties.logFile().toFile()));
		}
		else {
			builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		}
		try {
			this.child = builder.start();
			this.childStarted = now;
			log.warn("restarting {} (next attempt no sooner than in {} s): {} started as pid {}", down,
					backoff.toSeconds(), this.properties.command().get(0), this.child.pid());
		}
		catch (IOException ex) {
			log.error("restart of {} could not be started: {}", down, ex.getMessage());
		}
	}

	/** A restart under way is left to finish: it is what brings the platform back. */
	@Override
	public void destroy() {
		Process process = this.child;
		if (process != null && process.isAlive()) {
			log.info("restart command (pid {}) left running", process.pid());
		}
	}

}
