package io.iotp.sensormanager.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Token buckets per key: readings per sensor (so one runaway device cannot take the platform's
 * ingestion for itself) and API calls per deployment made with its app token (the gateway cannot check
 * those, so a runaway app is held here). A request is taken whole or not at all: either every key in it
 * has room, or nothing is taken and the caller learns how long to wait. A request larger than the burst
 * passes when the bucket is full, and the key then waits until it is paid back. Buckets of keys that
 * went quiet are dropped once full again, so memory follows the active ones.
 */
public final class TokenBuckets {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final double perSecond;

	private final double burst;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private long lastSweep;

	/**
	 * @param perSecond what a key may take per second in the long run; 0 or less: no limit
	 * @param burst what a quiet key may take at once
	 * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
	 */
	public TokenBuckets(int perSecond, int burst, LongSupplier nanoClock) {
		this.perSecond = perSecond;
		this.burst = Math.max(burst, Math.max(perSecond, 1));
		this.nanoClock = nanoClock;
		this.lastSweep = nanoClock.getAsLong();
	}

	/**
	 * Takes what one request needs of every key in it, or nothing.
	 * @param counts how much each key takes (e.g. readings per sensor)
	 * @return empty when taken; else how long until the fullest-loaded key has room
	 */
	public synchronized Optional<Duration> take(Map<String, Integer> counts) {
		if (this.perSecond <= 0) {
			return Optional.empty();
		}
		long now = this.nanoClock.getAsLong();
		sweep(now);
		double longestWait = 0;
		for (Map.Entry<String, Integer> entry : counts.entrySet()) {
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
		counts.forEach((id, count) -> this.buckets.get(id).tokens -= count);
		return Optional.empty();
	}

	/** Takes one of {@code key}: empty when taken, else how long until it has room. */
	public Optional<Duration> take(String key) {
		return take(Map.of(key, 1));
	}

	/** How many keys are tracked (for tests and metrics). */
	public synchronized int tracked() {
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
