package io.iotp.sensormanager.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsOneAtATimeTest {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void aDeploymentMayCallItsBurstAtOnceThenAtItsRate() {
		TokenBuckets limiter = new TokenBuckets(10, 20, this.now::get);
		for (int i = 0; i < 20; i++) {
			assertThat(limiter.take("d-1")).as("call %d", i).isEmpty();
		}
		assertThat(limiter.take("d-1")).hasValueSatisfying(
				(wait) -> assertThat(wait).isBetween(Duration.ofMillis(99), Duration.ofMillis(101)));
		assertThat(limiter.take("d-2")).as("another deployment has its own bucket").isEmpty();
		this.now.addAndGet(Duration.ofMillis(100).toNanos());
		assertThat(limiter.take("d-1")).isEmpty();
		assertThat(limiter.take("d-1")).isPresent();
	}

	@Test
	void quietDeploymentsAreForgottenAndZeroMeansNoLimit() {
		TokenBuckets limiter = new TokenBuckets(10, 20, this.now::get);
		limiter.take("d-1");
		limiter.take("d-2");
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		limiter.take("d-3");
		assertThat(limiter.tracked()).isEqualTo(1);

		TokenBuckets unlimited = new TokenBuckets(0, 0, this.now::get);
		for (int i = 0; i < 10_000; i++) {
			assertThat(unlimited.take("d-1")).isEmpty();
		}
	}

}
