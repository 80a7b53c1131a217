package io.iotp.logger.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.logger.redaction.Redactor;
import io.iotp.logger.store.LogKind;
import io.iotp.logger.store.LogLevel;
import io.iotp.logger.store.LogRecord;

/**
 * Turns a shipped {@link LogEntry} into what is stored: ids from the entry's context (the
 * node agent's {@code app}, {@code service}, {@code deploymentId}, {@code instanceId},
 * {@code nodeId}; a platform service's MDC), the correlation id of the envelope or the
 * MDC, and message and stack trace redacted.
 */
final class LogRecords {

	private final Redactor redactor;

	LogRecords(Redactor redactor) {
		this.redactor = redactor;
	}

	LogRecord of(LogKind kind, Envelope<?> envelope, LogEntry entry) {
		Map<String, String> context = (entry.context() != null) ? entry.context() : Map.of();
		String source = firstSet(entry.source(), envelope.source());
		String app = firstSet(context.get("app"), (kind == LogKind.APP) ? before(source, '/') : null);
		String service = firstSet(context.get("service"), (kind == LogKind.APP) ? after(source, '/') : null);
		Instant time = Objects.requireNonNullElse(entry.time(), envelope.time()).truncatedTo(ChronoUnit.MILLIS);
		String message = Objects.requireNonNullElse(this.redactor.redact(entry.message()), "");
		return new LogRecord(envelope.id(), time, kind, Objects.requireNonNullElse(source, "unknown"), app, service,
				firstSet(context.get("deploymentId"), context.get("deployment")),
				firstSet(context.get("instanceId"), entry.instanceId()),
				firstSet(context.get("nodeId"), context.get("node")), LogLevel.lenient(entry.level()), entry.logger(),
				entry.thread(), message, this.redactor.redact(entry.stackTrace()),
				firstSet(envelope.correlationId(), context.get("correlationId")));
	}

	private static @Nullable String firstSet(@Nullable String first, @Nullable String second) {
		if (first != null && !first.isBlank()) {
			return first;
		}
		return (second != null && !second.isBlank()) ? second : null;
	}

	private static @Nullable String before(@Nullable String text, char separator) {
		int at = (text != null) ? text.indexOf(separator) : -1;
		return (at > 0) ? text.substring(0, at) : null;
	}

	private static @Nullable String after(@Nullable String text, char separator) {
		int at = (text != null) ? text.indexOf(separator) : -1;
		return (at >= 0 && at < text.length() - 1) ? text.substring(at + 1) : null;
	}

}
