package io.iotp.sensormanager.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

	private final AtomicLong nanos = new AtomicLong();

	private final TokenBuckets limiter = new TokenBuckets(100, 300, this.nanos::get);

	@Test
	void aQuietSensorMaySendItsBurstThenWaitsForTheRate() {
		assertThat(this.limiter.take(Map.of("s-1", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 50))).contains(Duration.ofMillis(500));
		this.nanos.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(this.limiter.take(Map.of("s-1", 50))).isEmpty();
	}

	@Test
	void aRequestIsTakenWholeOrNotAtAllAcrossItsSensors() {
		assertThat(this.limiter.take(Map.of("s-1", 290))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 20, "s-2", 100))).contains(Duration.ofMillis(100));
		// s-2 lost nothing through the refused request
		assertThat(this.limiter.take(Map.of("s-2", 300))).isEmpty();
	}

	@Test
	void moreThanABurstAtOnceNeedsAFullBucketAndLeavesItInDebt() {
		assertThat(this.limiter.take(Map.of("s-1", 1))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 400))).contains(Duration.ofMillis(10));
		this.nanos.addAndGet(Duration.ofMillis(10).toNanos());
		assertThat(this.limiter.take(Map.of("s-1", 400))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 1))).contains(Duration.ofMillis(1010));
	}

	@Test
	void sensorsAreLimitedEachOnTheirOwn() {
		assertThat(this.limiter.take(Map.of("s-1", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-2", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 1))).isPresent();
	}

	@Test
	void bucketsOfQuietSensorsAreDroppedOnceFull() {
		this.limiter.take(Map.of("s-1", 100, "s-2", 1));
		assertThat(this.limiter.tracked()).isEqualTo(2);
		this.nanos.addAndGet(Duration.ofSeconds(6).toNanos());
		this.limiter.take(Map.of("s-3", 1));
		assertThat(this.limiter.tracked()).isEqualTo(1);
	}

	@Test
	void noRateMeansNoLimit() {
		TokenBuckets unlimited = new TokenBuckets(0, 0, this.nanos::get);
		assertThat(unlimited.take(Map.of("s-1", 1_000_000))).isEmpty();
	}

}
