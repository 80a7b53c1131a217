package io.iotp.sensormanager.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket of readings per sensor, so one runaway device cannot take the platform's ingestion
 * for itself. A request is taken whole or not at all: either every sensor in it has room for its
 * readings, or nothing is taken and the caller learns how long to wait. A request of more readings
 * than the burst passes when the bucket is full, and the sensor then waits until it is paid back. Buckets of sensors that went
 * quiet are dropped once full again, so memory follows the active sensors.
 */
final class ReadingRateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final double perSecond;

	private final double burst;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private long lastSweep;

	/**
	 * @param perSecond readings a sensor may send per second in the long run; 0 or less: no limit
	 * @param burst readings a quiet sensor may send at once
	 * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
	 */
	ReadingRateLimiter(int perSecond, int burst, LongSupplier nanoClock) {
		this.perSecond = perSecond;
		this.burst = Math.max(burst, perSecond);
		this.nanoClock = nanoClock;
		this.lastSweep = nanoClock.getAsLong();
	}

	/**
	 * Takes the readings of every sensor in one request, or none of them.
	 * @param readingsBySensor how many readings each sensor sends
	 * @return empty when taken; else how long until the fullest-loaded sensor has room
	 */
	synchronized Optional<Duration> take(Map<String, Integer> readingsBySensor) {
		if (this.perSecond <= 0) {
			return Optional.empty();
		}
		long now = this.nanoClock.getAsLong();
		sweep(now);
		double longestWait = 0;
		for (Map.Entry<String, Integer> entry : readingsBySensor.entrySet()) {
			Bucket bucket = this.buckets.computeIfAbsent(entry.getKey(), (id) -> new Bucket(this.burst, now));
			bucket.refill(now, this.perSecond, this.burst);
			// a request larger than the burst passes on a full bucket and leaves it in debt
			double needed = Math.min(entry.getValue(), this.burst);
			if (needed > bucket.tokens) {
				longestWait = Math.max(longestWait, (needed - bucket.tokens) / this.perSecond);
			}
		}
		if (longestWait > 0) {
			return Optional.of(Duration.ofNanos((long) Math.ceil(longestWait * NANOS_PER_SECOND)));
		}
		readingsBySensor.forEach((id, count) -> this.buckets.get(id).tokens -= count);
		return Optional.empty();
	}

	/** How many sensors are tracked (for tests and metrics). */
	synchronized int tracked() {
		return this.buckets.size();
	}

	/** At most every few seconds: drop the buckets that refilled completely, they hold nothing. */
	private void sweep(long now) {
		if (now - this.lastSweep < 5 * NANOS_PER_SECOND) {
			return;
		}
		this.lastSweep = now;
		for (Iterator<Bucket> it = this.buckets.values().iterator(); it.hasNext();) {
			Bucket bucket = it.next();
			bucket.refill(now, this.perSecond, this.burst);
			if (bucket.tokens >= this.burst) {
				it.remove();
			}
		}
	}

	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		void refill(long now, double perSecond, double burst) {
			this.tokens = Math.min(burst, this.tokens + (now - this.refilledAt) * perSecond / NANOS_PER_SECOND);
			this.refilledAt = now;
		}

	}

}
