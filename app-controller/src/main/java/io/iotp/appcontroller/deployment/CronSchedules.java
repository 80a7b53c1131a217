package io.iotp.appcontroller.deployment;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * Next runs of cron schedules: Spring's {@link CronExpression}, in UTC unless a zone is
 * given (SPEC §7).
 */
final class CronSchedules {

	private static final int RUNS_CHECKED = 500;

	private CronSchedules() {
	}

	/**
	 * The first match strictly after {@code after}, or null if the expression never
	 * matches again.
	 * @throws IllegalArgumentException if the expression is not valid
	 * @throws java.time.DateTimeException if the zone is not valid
	 */
	static @Nullable Instant next(String cron, @Nullable String zone, Instant after) {
		ZoneId zoneId = (zone != null) ? ZoneId.of(zone) : ZoneOffset.UTC;
		ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(zoneId));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * The shortest time between two consecutive runs among the next
	 * {@value #RUNS_CHECKED} runs after {@code after}, or null if it fires less than
	 * twice. Enough runs to meet a burst that comes only once a day or once a year (e.g.
	 * {@code 0,30 0 8 1 1 *}).
	 * @throws IllegalArgumentException if the expression is not valid
	 * @throws java.time.DateTimeException if the zone is not valid
	 */
	static @Nullable Duration shortestInterval(String cron, @Nullable String zone, Instant after) {
		ZoneId zoneId = (zone != null) ? ZoneId.of(zone) : ZoneOffset.UTC;
		CronExpression expression = CronExpression.parse(cron);
		ZonedDateTime previous = expression.next(after.atZone(zoneId));
		Duration shortest = null;
		for (int i = 1; previous != null && i < RUNS_CHECKED; i++) {
			ZonedDateTime next = expression.next(previous);
			if (next == null) {
				break;
			}
			Duration gap = Duration.between(previous, next);
			if (shortest == null || gap.compareTo(shortest) < 0) {
				shortest = gap;
			}
			previous = next;
		}
		return shortest;
	}

}
