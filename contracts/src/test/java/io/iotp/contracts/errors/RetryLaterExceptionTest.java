package io.iotp.contracts.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryLaterExceptionTest {

	@Test
	void theRetryAfterSecondsAreRoundedUpAndAtLeastOne() {
		assertThat(refusal(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
		assertThat(refusal(Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
		assertThat(refusal(Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
		assertThat(refusal(Duration.ofMillis(3001)).retryAfterSeconds()).isEqualTo(4);
	}

	@Test
	void itIsAPlatformExceptionWithItsCode() {
		RetryLaterException refusal = refusal(Duration.ofSeconds(2));
		assertThat(refusal).isInstanceOf(PlatformException.class);
		assertThat(refusal.status()).isEqualTo(429);
		assertThat(refusal.detail()).isEqualTo("slow down");
	}

	private static RetryLaterException refusal(Duration wait) {
		return new RetryLaterException(ErrorCodes.RATE_LIMITED, "slow down", wait);
	}

}
