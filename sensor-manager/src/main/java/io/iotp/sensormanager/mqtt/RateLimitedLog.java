package io.iotp.sensormanager.mqtt;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs at most one warning per interval, saying how many were left out, so a misbehaving
 * device cannot flood the logs.
 */
final class RateLimitedLog {

	private final Logger log;

	private final long intervalNanos;

	private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	RateLimitedLog(Logger log, Duration interval) {
		this.log = log;
		this.intervalNanos = interval.toNanos();
	}

	void warn(String message) {
		long now = System.nanoTime();
		long next = this.nextAt.get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextAt.compareAndSet(next, now + this.intervalNanos)) {
			long left = this.suppressed.getAndSet(0);
			this.log.warn((left > 0) ? message + " (" + left + " similar rejections not logged)" : message);
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

}
