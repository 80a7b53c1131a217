package io.iotp.logger.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import io.iotp.logger.store.LogStore;

/**
 * Deletes entries older than the retention age every interval. A periodic job rather than
 * a TTL index, which the embedded store does not have. Every replica may run it: deleting
 * what is already gone is harmless.
 */
@Component
public class RetentionJob implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private final LogStore store;

	private final RetentionProperties properties;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private @Nullable ScheduledFuture<?> scheduled;

	RetentionJob(LogStore store, RetentionProperties properties, TaskScheduler scheduler, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	/**
	 * Deletes what is older than the retention age now; returns how many entries went.
	 */
	public long purge() {
		Instant cutoff = this.clock.instant().minus(this.properties.maxAge());
		long deleted = this.store.deleteOlderThan(cutoff);
		if (deleted > 0) {
			log.info("retention: deleted {} log entries logged before {} (kept {})", deleted, cutoff,
					this.properties.maxAge());
		}
		return deleted;
	}

	private void purgeQuietly() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			log.warn("retention: deletion failed, retrying in {}: {}", this.properties.interval(), ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		this.scheduled = this.scheduler.scheduleWithFixedDelay(this::purgeQuietly,
				this.clock.instant().plus(this.properties.interval()), this.properties.interval());
	}

	@Override
	public synchronized void stop() {
		if (this.scheduled != null) {
			this.scheduled.cancel(false);
			this.scheduled = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduled != null;
	}

}
