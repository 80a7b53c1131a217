package io.iotp.sensormanager.binding;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket of API calls per deployment made with its app token, per replica: the gateway does
 * not limit app calls (it cannot check the token), so a runaway app is held here. Only deployments
 * whose token was verified get a bucket, and buckets that refilled are dropped, so memory follows the
 * apps calling now.
 */
final class AppCallLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final double perSecond;

	private final double burst;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private long lastSweep;

	/**
	 * @param perSecond calls a deployment may make per second in the long run; 0 or less: no limit
	 * @param burst calls a quiet deployment may make at once
	 * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
	 */
	AppCallLimiter(int perSecond, int burst, LongSupplier nanoClock) {
		this.perSecond = perSecond;
		this.burst = Math.max(burst, Math.max(perSecond, 1));
		this.nanoClock = nanoClock;
		this.lastSweep = nanoClock.getAsLong();
	}

	/** Takes one call of the deployment; empty when taken, else how long until it may call again. */
	synchronized Optional<Duration> take(String deploymentId) {
		if (this.perSecond <= 0) {
			return Optional.empty();
		}
		long now = this.nanoClock.getAsLong();
		sweep(now);
		Bucket bucket = this.buckets.computeIfAbsent(deploymentId, (id) -> new Bucket(this.burst, now));
		bucket.refill(now, this.perSecond, this.burst);
		if (bucket.tokens < 1) {
			return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / this.perSecond * NANOS_PER_SECOND)));
		}
		bucket.tokens -= 1;
		return Optional.empty();
	}

	/** How many deployments are tracked (for tests). */
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
