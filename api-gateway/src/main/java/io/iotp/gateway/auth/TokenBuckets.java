package io.iotp.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** API calls per token, a token bucket per {@code jti}, in memory of this replica. */
@Component
public class TokenBuckets {

	private final AuthProperties properties;

	private final Clock clock;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	TokenBuckets(AuthProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** Takes one call from the token's bucket; the wait when it is empty. */
	public Optional<Duration> take(String jti) {
		long now = this.clock.millis();
		double rate = this.properties.apiCallsPerSecond() / 1000.0;
		Bucket bucket = this.buckets.compute(jti, (key, old) -> {
			double level = (old == null) ? this.properties.apiBurst()
					: Math.min(this.properties.apiBurst(), old.level + (now - old.at) * rate);
			return (level >= 1) ? new Bucket(level - 1, now, true) : new Bucket(level, now, false);
		});
		if (bucket.granted) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofMillis((long) Math.ceil((1 - bucket.level) / rate)));
	}

	/** Drops buckets that have been full for a while. */
	void sweep() {
		long now = this.clock.millis();
		this.buckets.values().removeIf(bucket -> now - bucket.at > 60_000);
	}

	private record Bucket(double level, long at, boolean granted) {
	}

}
