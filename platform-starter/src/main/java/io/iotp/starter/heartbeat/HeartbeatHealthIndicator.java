package io.iotp.starter.heartbeat;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Healthy only while Kafka keeps acknowledging heartbeats: a service that cannot reach
 * the broker cannot do its work, and the bootstrapper waits on this before it calls the
 * service up.
 */
public class HeartbeatHealthIndicator implements HealthIndicator {

	private static final int TOLERATED_MISSES = 5;

	private final HeartbeatPublisher heartbeat;

	public HeartbeatHealthIndicator(HeartbeatPublisher heartbeat) {
		this.heartbeat = heartbeat;
	}

	@Override
	public Health health() {
		Instant last = this.heartbeat.lastAcknowledged();
		if (last == null) {
			return Health.down().withDetail("reason", "no heartbeat acknowledged by Kafka yet").build();
		}
		Duration age = Duration.between(last, Instant.now());
		Health.Builder builder = age.compareTo(this.heartbeat.interval().multipliedBy(TOLERATED_MISSES)) <= 0
				? Health.up() : Health.down();
		builder.withDetail("lastAcknowledged", last.toString()).withDetail("ageMs", age.toMillis());
		String failure = this.heartbeat.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure);
		}
		return builder.build();
	}

}
