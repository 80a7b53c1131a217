package io.iotp.appcontroller.deployment;

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

}
