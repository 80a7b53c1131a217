package io.iotp.starter.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a sensor, a deployment, an API token): a key may take
 * {@code perSecond} in the long run and, after a quiet spell, up to {@code burst} at
 * once. A request is taken whole or not at all: either every key in it has room, or
 * nothing is taken and the caller learns how long to wait. A request larger than the
 * burst passes when the bucket is full, and the key then waits until it is paid back.
 * <p>
 * A bucket that refilled completely holds what a new one would, so such buckets are
 * dropped (while taking, at most every 5 s, and on {@link #sweep()}): memory follows the
 * active keys. Thread-safe, with one lock: a take costs a few operations per key. In the
 * memory of one process, so with N replicas a key may take up to N times as much.
 */
public final class TokenBuckets {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final long SWEEP_EVERY_NANOS = 5 * NANOS_PER_SECOND;

	private final double perSecond;

	private final double burst;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private long lastSweep;

	/**
	 * @param perSecond what a key may take per second in the long run; 0 or less: no
	 * limit
	 * @param burst what a quiet key may take at once, the size of its bucket (at least 1)
	 * @param nanoClock the time in nanoseconds, of which only differences count:
	 * {@code System::nanoTime}, or a clock a test moves
	 */
	public TokenBuckets(int perSecond, int burst, LongSupplier nanoClock) {
		this.perSecond = perSecond;
		this.burst = Math.max(burst, 1);
		this.nanoClock = nanoClock;
		this.lastSweep = nanoClock.getAsLong();
	}

	/**
	 * Takes what one request needs of every key in it, or nothing.
	 * @param counts how much each key takes (e.g. readings per sensor)
	 * @return empty when taken; else how long until the key that lacks the most has room
	 */
	public synchronized Optional<Duration> take(Map<String, Integer> counts) {
		if (this.perSecond <= 0) {
			return Optional.empty();
		}
		long now = this.nanoClock.getAsLong();
		sweep(now);
		double longestWait = 0;
		for (Map.Entry<String, Integer> entry : counts.entrySet()) {
			Bucket bucket = refilled(entry.getKey(), now);
			longestWait = Math.max(longestWait, bucket.secondsUntil(entry.getValue(), this.perSecond, this.burst));
		}
		if (longestWait > 0) {
			return Optional.of(duration(longestWait));
		}
		counts.forEach((key, count) -> this.buckets.get(key).tokens -= count);
		return Optional.empty();
	}

	/** Takes one of {@code key}: empty when taken, else how long until it has room. */
	public synchronized Optional<Duration> take(String key) {
		if (this.perSecond <= 0) {
			return Optional.empty();
		}
		long now = this.nanoClock.getAsLong();
		sweep(now);
		Bucket bucket = refilled(key, now);
		double wait = bucket.secondsUntil(1, this.perSecond, this.burst);
		if (wait > 0) {
			return Optional.of(duration(wait));
		}
		bucket.tokens -= 1;
		return Optional.empty();
	}

	/**
	 * Drops the buckets that refilled completely now, for callers that free memory on a
	 * schedule.
	 */
	public synchronized void sweep() {
		long now = this.nanoClock.getAsLong();
		this.lastSweep = now;
		dropFull(now);
	}

	/** How many keys are tracked (for tests and metrics). */
	public synchronized int tracked() {
		return this.buckets.size();
	}

	private Bucket refilled(String key, long now) {
		Bucket bucket = this.buckets.computeIfAbsent(key, (any) -> new Bucket(this.burst, now));
		bucket.refill(now, this.perSecond, this.burst);
		return bucket;
	}

	private void sweep(long now) {
		if (now - this.lastSweep < SWEEP_EVERY_NANOS) {
			return;
		}
		this.lastSweep = now;
		dropFull(now);
	}

	private void dropFull(long now) {
		for (Iterator<Bucket> it = this.buckets.values().iterator(); it.hasNext();) {
			Bucket bucket = it.next();
			bucket.refill(now, this.perSecond, this.burst);
			if (bucket.tokens >= this.burst) {
				it.remove();
			}
		}
	}

	private static Duration duration(double seconds) {
		return Duration.ofNanos((long) Math.ceil(seconds * NANOS_PER_SECOND));
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

		/** Seconds until {@code count} can be taken; 0 when it can now. */
		double secondsUntil(int count, double perSecond, double burst) {
			// a request larger than the burst passes on a full bucket and leaves it in
			// debt
			double needed = Math.min(count, burst);
			return (needed > this.tokens) ? (needed - this.tokens) / perSecond : 0;
		}

	}

}
