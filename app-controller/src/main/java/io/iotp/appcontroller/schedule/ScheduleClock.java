package io.iotp.appcontroller.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.iotp.appcontroller.deployment.DeploymentDocument;
import io.iotp.appcontroller.deployment.DeploymentStore;
import io.iotp.appcontroller.deployment.DeploymentTransitions;
import io.iotp.appcontroller.deployment.Outbox;
import io.iotp.starter.PlatformIdentity;

/**
 * Fires due deployments. Every replica runs it; a schedule fires once because it is first
 * claimed by one atomic update ({@code nextRunAt <= now} and unclaimed or with an expired
 * lease → claimed by this replica until now + lease), and then moved to {@code DEPLOYING}
 * by an update that requires the claim to still be this replica's. A replica that dies
 * between the two leaves a claim that expires, and another takes the schedule over. Since
 * everything lives in MongoDB, a restart between scheduling and the due time changes
 * nothing.
 * <p>
 * It also sweeps the outboxes: messages stored by a transition but never acknowledged by
 * Kafka are sent again.
 */
@Component
class ScheduleClock implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ScheduleClock.class);

	private static final Duration WARN_EVERY = Duration.ofSeconds(30);

	private final DeploymentStore store;

	private final DeploymentTransitions transitions;

	private final Outbox outbox;

	private final ScheduleProperties properties;

	private final String replica;

	private final Clock clock;

	private @Nullable ScheduledExecutorService executor;

	/** Only touched by the clock's single thread. */
	private @Nullable Instant lastWarning;

	ScheduleClock(DeploymentStore store, DeploymentTransitions transitions, Outbox outbox,
			ScheduleProperties properties, PlatformIdentity identity, Clock clock) {
		this.store = store;
		this.transitions = transitions;
		this.outbox = outbox;
		this.properties = properties;
		this.replica = identity.instanceId();
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("schedule-clock").daemon().factory());
		started.scheduleWithFixedDelay(guarded(this::tick, "firing due schedules"), 0,
				this.properties.tick().toMillis(), TimeUnit.MILLISECONDS);
		started.scheduleWithFixedDelay(guarded(this::sweep, "sweeping outboxes"),
				this.properties.outboxSweep().toMillis(), this.properties.outboxSweep().toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = started;
		log.info("schedule clock of replica {} started: tick {}, lease {}", this.replica, this.properties.tick(),
				this.properties.lease());
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			running.shutdown();
			try {
				if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
					running.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				running.shutdownNow();
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** Started after the web server and Kafka are up, stopped before them. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** Fires what is due, a bounded number at a time. */
	void tick() {
		for (int fired = 0; fired < this.properties.maxFiresPerTick(); fired++) {
			Instant now = this.clock.instant();
			Optional<DeploymentDocument> claimed = this.store.claimDue(now, this.replica,
					now.plus(this.properties.lease()));
			if (claimed.isEmpty()) {
				return;
			}
			try (MDC.MDCCloseable deployment = MDC.putCloseable("deploymentId", claimed.get().id());
					MDC.MDCCloseable app = MDC.putCloseable("app", claimed.get().appId())) {
				this.transitions.fire(claimed.get(), this.replica);
			}
		}
	}

	void sweep() {
		this.outbox.republishOlderThan(this.clock.instant().minus(this.properties.outboxRepublishAfter()));
	}

	/**
	 * A failed round is logged and the next one runs: a claim left behind expires with
	 * its lease. While MongoDB is away every round fails, so the warning is repeated at
	 * most every {@link #WARN_EVERY}.
	 */
	private Runnable guarded(Runnable task, String what) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				Instant now = this.clock.instant();
				if (this.lastWarning == null || !now.isBefore(this.lastWarning.plus(WARN_EVERY))) {
					this.lastWarning = now;
					log.warn("schedule clock: {} failed, retrying every round: {}", what, ex.toString());
				}
			}
		};
	}

}
