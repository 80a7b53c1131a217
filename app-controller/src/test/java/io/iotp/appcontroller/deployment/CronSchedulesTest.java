package io.iotp.appcontroller.deployment;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortest gap between runs, which decides whether a schedule fires too often. */
class CronSchedulesTest {

	private static final Instant NOW = Instant.parse("2026-12-06T23:00:00Z");

	@Test
	void theShortestGapIsFoundWhereverItComes() {
		assertThat(CronSchedules.shortestInterval("* * * * * *", null, NOW)).isEqualTo(Duration.ofSeconds(1));
		assertThat(CronSchedules.shortestInterval("0 * * * * *", null, NOW)).isEqualTo(Duration.ofMinutes(1));
		assertThat(CronSchedules.shortestInterval("0 0 8 * * MON-FRI", null, NOW)).isEqualTo(Duration.ofDays(1));
		// a burst once a day, and one once a year
		assertThat(CronSchedules.shortestInterval("0,30 0 8 * * *", null, NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(CronSchedules.shortestInterval("0,30 0 8 1 1 *", "Europe/Paris", NOW))
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aScheduleThatNeverFiresHasNoGap() {
		assertThat(CronSchedules.shortestInterval("0 0 8 31 2 *", null, NOW)).isNull();
	}

}
