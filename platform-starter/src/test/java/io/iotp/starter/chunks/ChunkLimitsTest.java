package io.iotp.starter.chunks;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The limits of a chunk and the spans times fall into. */
class ChunkLimitsTest {

	private static final Instant HOUR = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void theStandardIsAThousandItemsFourMebibytesAndAnHour() {
		assertThat(ChunkLimits.STANDARD).isEqualTo(new ChunkLimits(1000, 4L * 1024 * 1024, Duration.ofHours(1)));
	}

	@Test
	void timesWithinOneSpanShareItAndTheNextMillisecondStartsAnother() {
		ChunkLimits limits = ChunkLimits.STANDARD;
		long span = limits.spanOf(HOUR);
		assertThat(limits.spanOf(HOUR.plus(Duration.ofHours(1)).minusMillis(1))).isEqualTo(span);
		assertThat(limits.spanOf(HOUR.plus(Duration.ofHours(1)))).isEqualTo(span + 1);
		assertThat(limits.spanOf(HOUR.minusMillis(1))).isEqualTo(span - 1);
	}

	@Test
	void timesBeforeTheEpochGetSpansOfTheirOwn() {
		ChunkLimits limits = ChunkLimits.STANDARD;
		assertThat(limits.spanOf(Instant.EPOCH)).isZero();
		assertThat(limits.spanOf(Instant.EPOCH.minusMillis(1))).isEqualTo(-1);
		assertThat(limits.spanOf(Instant.EPOCH.minus(Duration.ofHours(1)))).isEqualTo(-1);
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ChunkLimits(0, 1, Duration.ofHours(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new ChunkLimits(1, 0, Duration.ofHours(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new ChunkLimits(1, 1, Duration.ZERO));
	}

}
