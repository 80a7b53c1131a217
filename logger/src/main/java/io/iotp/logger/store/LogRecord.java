package io.iotp.logger.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One stored log line, secrets already masked.
 *
 * @param id the envelope id it travelled in, so a redelivered line is stored once
 * @param time when it was logged, to the millisecond (what the store keeps)
 * @param kind platform or app line
 * @param source component id, or {@code <app>/<service>} for an app instance
 * @param app the app it belongs to or is about, when known
 * @param service the app's service, for app lines
 * @param deployment the deployment id, when known
 * @param instance the app instance id, else the emitting replica
 * @param node the node id, when known
 * @param level its level
 * @param logger logger name, or {@code stdout}/{@code stderr}
 * @param thread thread name, when known
 * @param message the message
 * @param stackTrace the stack trace, when there was one
 * @param correlationId ties it to the request or deployment it was part of
 */
public record LogRecord(String id, Instant time, LogKind kind, String source, @Nullable String app,
		@Nullable String service, @Nullable String deployment, @Nullable String instance, @Nullable String node,
		LogLevel level, @Nullable String logger, @Nullable String thread, String message, @Nullable String stackTrace,
		@Nullable String correlationId) {

	/** Where a newest-first page that ends with this record goes on from. */
	public LogCursor cursor() {
		return new LogCursor(this.time, this.id);
	}

}
