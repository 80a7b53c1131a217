package io.iotp.monitoring.component;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the detector may trust silence: not while its own heartbeat is not coming back,
 * and never counting the time it could not hear.
 */
class SightTest {

	private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

	private final Sight sight = new Sight(Duration.ofSeconds(2));

	@Test
	void beforeItsFirstEchoItCannotTellAndIsTakenToHear() {
		assertThat(this.sight.blind(T0.plusSeconds(30))).isFalse();
		assertThat(this.sight.silence(T0, T0.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void itIsBlindOnceItsOwnHeartbeatIsLateByBlindAfterAndHearsAgainAtTheNextEcho() {
		this.sight.echo(T0);

		assertThat(this.sight.blind(T0.plusMillis(1999))).isFalse();
		assertThat(this.sight.blind(T0.plusSeconds(2))).isTrue();
		assertThat(this.sight.blind(T0.plusSeconds(15))).isTrue();

		this.sight.echo(T0.plusSeconds(15));
		assertThat(this.sight.blind(T0.plusSeconds(16))).isFalse();
	}

	@Test
	void aBlindSpellIsLeftOutOfEverySilenceThatSpansIt() {
		// heard at 0 s and 1 s, then nothing until 16 s (a broker fenced slowly)
		this.sight.echo(T0);
		this.sight.echo(T0.plusSeconds(1));
		this.sight.echo(T0.plusSeconds(16));

		// silent since 0.5 s, judged at 20 s: 0.5 s before the spell and 4 s after it
		assertThat(this.sight.silence(T0.plusMillis(500), T0.plusSeconds(20))).isEqualTo(Duration.ofMillis(4500));
		// silent since within the spell: only the time after it counts
		assertThat(this.sight.silence(T0.plusSeconds(10), T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(4));
		// silent since after it: all of it counts
		assertThat(this.sight.silence(T0.plusSeconds(17), T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void echoesOnTimeMakeNoSpell() {
		for (int second = 0; second <= 10; second++) {
			this.sight.echo(T0.plusSeconds(second).plusMillis((second % 2) * 900));
		}

		assertThat(this.sight.silence(T0, T0.plusSeconds(12))).isEqualTo(Duration.ofSeconds(12));
	}

}
