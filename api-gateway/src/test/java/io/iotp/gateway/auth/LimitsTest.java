package io.iotp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.iotp.starter.ratelimit.TokenBuckets;
import io.iotp.testsupport.MovableClock;

/** The in-memory limits, on a clock the test moves. */
class LimitsTest {

	private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));

	private final AuthProperties properties = new AuthProperties("iotp", Duration.ofHours(1), Path.of("k"), 3,
			Duration.ofMinutes(5), 2, 10, 2, Duration.ofSeconds(2));

	@Test
	void attemptsPerAddressAreCountedPerMinute() {
		LoginLimiter limiter = new LoginLimiter(this.properties, this.clock);
		assertThat(limiter.attemptFrom("127.0.0.2")).isEmpty();
		assertThat(limiter.attemptFrom("127.0.0.2")).isEmpty();
		assertThat(limiter.attemptFrom("127.0.0.2")).hasValue(Duration.ofMinutes(1));
		assertThat(limiter.attemptFrom("127.0.0.3")).isEmpty();
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(limiter.attemptFrom("127.0.0.2")).isEmpty();
	}

	@Test
	void consecutiveFailuresLockOutUntilTheLockoutEndsAndSuccessResets() {
		LoginLimiter limiter = new LoginLimiter(this.properties, this.clock);
		assertThat(limiter.failed("bob")).isEmpty();
		limiter.succeeded("bob");
		assertThat(limiter.failed("bob")).isEmpty();
		assertThat(limiter.failed("bob")).isEmpty();
		assertThat(limiter.failed("bob")).hasValue(Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(limiter.lockedOut("bob")).hasValue(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(limiter.lockedOut("bob")).isEmpty();
		assertThat(limiter.failed("bob")).isEmpty();
	}

	@Test
	void aTokenBucketAllowsABurstThenItsRate() {
		TokenBuckets buckets = new AuthConfiguration().apiCallBuckets(this.properties, this.clock);
		assertThat(buckets.take("j")).isEmpty();
		assertThat(buckets.take("j")).isEmpty();
		assertThat(buckets.take("j")).hasValue(Duration.ofMillis(100));
		assertThat(buckets.take("other")).isEmpty();
		this.clock.advance(Duration.ofMillis(100));
		assertThat(buckets.take("j")).isEmpty();
	}

}
