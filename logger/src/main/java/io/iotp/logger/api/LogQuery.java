package io.iotp.logger.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.logger.store.LogCursor;
import io.iotp.logger.store.LogFilter;
import io.iotp.logger.store.LogLevel;
import io.iotp.logger.store.Visibility;

/**
 * The query parameters shared by list, stream and download, read strictly: every bad one
 * is named in one 400 problem ({@code errors[].path} = the parameter), nothing is
 * guessed.
 *
 * @param source exact source
 * @param app exact app
 * @param deployment exact deployment id
 * @param instance exact instance id
 * @param level minimum level
 * @param text case-insensitive substring ({@code q})
 * @param from inclusive lower time bound
 * @param to exclusive upper time bound
 * @param limit most entries
 * @param cursor where the previous page ended
 * @param format download format
 */
record LogQuery(@Nullable String source, @Nullable String app, @Nullable String deployment, @Nullable String instance,
		@Nullable LogLevel level, @Nullable String text, @Nullable Instant from, @Nullable Instant to, int limit,
		@Nullable LogCursor cursor, Format format) {

	/** Longest value accepted for an id or the text. */
	static final int MAX_VALUE_LENGTH = 256;

	/** Download formats. */
	enum Format {

		NDJSON, TEXT

	}

	LogFilter filter(Visibility visibility) {
		return new LogFilter(this.source, this.app, this.deployment, this.instance, this.level, this.text, this.from,
				this.to, visibility);
	}

	/**
	 * Reads the parameters.
	 * @param params the request's parameters
	 * @param defaultLimit the limit when none is given
	 * @param maxLimit the largest limit allowed
	 * @throws PlatformException {@code request.validation} naming every bad parameter
	 */
	static LogQuery parse(Map<String, String> params, int defaultLimit, int maxLimit) {
		Reader reader = new Reader(params);
		String source = reader.text("source");
		String app = reader.text("app");
		String deployment = reader.text("deployment");
		String instance = reader.text("instance");
		LogLevel level = reader.level("level");
		String text = reader.text("q");
		Instant from = reader.time("from");
		Instant to = reader.time("to");
		if (from != null && to != null && !from.isBefore(to)) {
			reader.errors.add(new FieldError("from", "'from' (" + from + ") must be before 'to' (" + to + ")"));
		}
		int limit = reader.limit("limit", defaultLimit, maxLimit);
		LogCursor cursor = reader.cursor("cursor");
		Format format = reader.format("format");
		if (!reader.errors.isEmpty()) {
			String names = String.join(", ", reader.errors.stream().map(FieldError::path).distinct().toList());
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "invalid query parameter(s): " + names,
					reader.errors);
		}
		return new LogQuery(source, app, deployment, instance, level, text, from, to, limit, cursor, format);
	}

	private static final class Reader {

		private final Map<String, String> params;

		private final List<FieldError> errors = new ArrayList<>();

		Reader(Map<String, String> params) {
			this.params = params;
		}

		@Nullable String text(String name) {
			String value = this.params.get(name);
			if (value == null || value.isBlank()) {
				return null;
			}
			if (value.length() > MAX_VALUE_LENGTH) {
				this.errors.add(new FieldError(name, "longer than " + MAX_VALUE_LENGTH + " characters"));
				return null;
			}
			return value.trim();
		}

		@Nullable LogLevel level(String name) {
			String value = text(name);
			if (value == null) {
				return null;
			}
			LogLevel level = LogLevel.named(value).orElse(null);
			if (level == null) {
				this.errors
					.add(new FieldError(name, "unknown level '" + value + "'; use TRACE, DEBUG, INFO, WARN or ERROR"));
			}
			return level;
		}

		@Nullable Instant time(String name) {
			String value = text(name);
			if (value == null) {
				return null;
			}
			try {
				return OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException ex) {
				this.errors.add(new FieldError(name,
						"'" + value + "' is not an ISO-8601 time with offset, e.g. 2026-11-26T10:15:30Z"));
				return null;
			}
		}

		int limit(String name, int defaultLimit, int maxLimit) {
			String value = text(name);
			if (value == null) {
				return defaultLimit;
			}
			try {
				int limit = Integer.parseInt(value);
				if (limit >= 1 && limit <= maxLimit) {
					return limit;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			this.errors.add(new FieldError(name, "'" + value + "' is not a number from 1 to " + maxLimit));
			return defaultLimit;
		}

		@Nullable LogCursor cursor(String name) {
			String value = text(name);
			if (value == null) {
				return null;
			}
			try {
				return LogCursor.decode(value);
			}
			catch (IllegalArgumentException ex) {
				this.errors.add(new FieldError(name,
						"'" + value + "' is " + ex.getMessage() + "; pass back the 'next' of the previous page"));
				return null;
			}
		}

		Format format(String name) {
			String value = text(name);
			if (value == null) {
				return Format.NDJSON;
			}
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "ndjson", "json" -> Format.NDJSON;
				case "text", "txt" -> Format.TEXT;
				default -> {
					this.errors.add(new FieldError(name, "unknown format '" + value + "'; use ndjson or text"));
					yield Format.NDJSON;
				}
			};
		}

	}

}
