package io.iotp.starter.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final TokenBuckets limiter = new TokenBuckets(100, 300, this.nanos::get);

	@Test
	void aQuietKeyMayTakeItsBurstThenWaitsForTheRate() {
		assertThat(this.limiter.take(Map.of("s-1", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 50))).contains(Duration.ofMillis(500));
		this.nanos.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(this.limiter.take(Map.of("s-1", 50))).isEmpty();
	}

	@Test
	void aRequestIsTakenWholeOrNotAtAllAcrossItsKeys() {
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
	void keysAreLimitedEachOnTheirOwn() {
		assertThat(this.limiter.take(Map.of("s-1", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-2", 300))).isEmpty();
		assertThat(this.limiter.take(Map.of("s-1", 1))).isPresent();
	}

	@Test
	void oneAtATimeAKeyMayTakeItsBurstThenItsRate() {
		TokenBuckets limiter = new TokenBuckets(10, 20, this.nanos::get);
		for (int i = 0; i < 20; i++) {
			assertThat(limiter.take("d-1")).as("call %d", i).isEmpty();
		}
		assertThat(limiter.take("d-1")).contains(Duration.ofMillis(100));
		assertThat(limiter.take("d-2")).as("another key has its own bucket").isEmpty();
		this.nanos.addAndGet(Duration.ofMillis(100).toNanos());
		assertThat(limiter.take("d-1")).isEmpty();
		assertThat(limiter.take("d-1")).isPresent();
	}

	@Test
	void takingOneOfAKeyIsTakingAMapOfOne() {
		TokenBuckets single = new TokenBuckets(10, 2, this.nanos::get);
		TokenBuckets mapped = new TokenBuckets(10, 2, this.nanos::get);
		for (int i = 0; i < 5; i++) {
			assertThat(single.take("j")).as("call %d", i).isEqualTo(mapped.take(Map.of("j", 1)));
			this.nanos.addAndGet(Duration.ofMillis(30).toNanos());
		}
	}

	@Test
	void bucketsOfQuietKeysAreDroppedOnceFull() {
		this.limiter.take(Map.of("s-1", 100, "s-2", 1));
		assertThat(this.limiter.tracked()).isEqualTo(2);
		this.nanos.addAndGet(Duration.ofSeconds(6).toNanos());
		this.limiter.take(Map.of("s-3", 1));
		assertThat(this.limiter.tracked()).isEqualTo(1);
	}

	@Test
	void aSweepDropsOnlyTheBucketsThatRefilledCompletely() {
		this.limiter.take(Map.of("s-1", 300));
		this.limiter.take(Map.of("s-2", 1));
		this.nanos.addAndGet(Duration.ofMillis(100).toNanos());
		this.limiter.sweep();
		assertThat(this.limiter.tracked()).isEqualTo(1);
		assertThat(this.limiter.take(Map.of("s-1", 11))).as("s-1 kept its debt").isPresent();
	}

	@Test
	void noRateMeansNoLimit() {
		TokenBuckets unlimited = new TokenBuckets(0, 0, this.nanos::get);
		assertThat(unlimited.take(Map.of("s-1", 1_000_000))).isEmpty();
		for (int i = 0; i < 10_000; i++) {
			assertThat(unlimited.take("d-1")).isEmpty();
		}
	}

	@Test
	void aBucketHoldsAtLeastOne() {
		TokenBuckets limiter = new TokenBuckets(10, 0, this.nanos::get);
		assertThat(limiter.take("k")).isEmpty();
		assertThat(limiter.take("k")).contains(Duration.ofMillis(100));
	}

}
