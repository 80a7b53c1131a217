package io.iotp.logger.store;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a query, download or live tail asks for. Every field but the visibility is
 * optional; given fields must all match.
 *
 * @param source exact source (a component id, or {@code <app>/<service>})
 * @param app exact app
 * @param deployment exact deployment id
 * @param instance exact instance id
 * @param level this level and the more severe ones
 * @param text case-insensitive substring of the message or the stack trace
 * @param from entries logged at or after this time
 * @param to entries logged before this time
 * @param visibility what the caller may read at all
 */
public record LogFilter(@Nullable String source, @Nullable String app, @Nullable String deployment,
		@Nullable String instance, @Nullable LogLevel level, @Nullable String text, @Nullable Instant from,
		@Nullable Instant to, Visibility visibility) {

	/** Everything the visibility allows. */
	public static LogFilter all(Visibility visibility) {
		return new LogFilter(null, null, null, null, null, null, null, null, visibility);
	}

	/**
	 * The same test the database applies to stored entries, for entries as they arrive.
	 */
	public boolean matches(LogRecord record) {
		return equalsIfSet(this.source, record.source()) && equalsIfSet(this.app, record.app())
				&& equalsIfSet(this.deployment, record.deployment()) && equalsIfSet(this.instance, record.instance())
				&& (this.level == null || record.level().rank() >= this.level.rank())
				&& (this.from == null || !record.time().isBefore(this.from))
				&& (this.to == null || record.time().isBefore(this.to)) && containsText(record)
				&& this.visibility.admits(record);
	}

	private boolean containsText(LogRecord record) {
		if (this.text == null) {
			return true;
		}
		String wanted = this.text.toLowerCase(Locale.ROOT);
		return record.message().toLowerCase(Locale.ROOT).contains(wanted)
				|| (record.stackTrace() != null && record.stackTrace().toLowerCase(Locale.ROOT).contains(wanted));
	}

	private static boolean equalsIfSet(@Nullable String wanted, @Nullable String actual) {
		return wanted == null || wanted.equals(actual);
	}

}
