package io.iotp.logger.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.iotp.logger.store.LogRecord;

/**
 * A log entry as the API shows it; absent ids are left out.
 *
 * @param id unique id of the entry
 * @param time when it was logged
 * @param kind {@code PLATFORM} or {@code APP}
 * @param source component id, or {@code <app>/<service>}
 * @param app the app
 * @param service the app's service
 * @param deployment the deployment id
 * @param instance the instance id
 * @param node the node id
 * @param level TRACE, DEBUG, INFO, WARN or ERROR
 * @param logger logger name, or stdout/stderr
 * @param thread thread name
 * @param message the message, secrets masked
 * @param stackTrace the stack trace, secrets masked
 * @param correlationId the correlation id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogView(String id, Instant time, String kind, String source, @Nullable String app, @Nullable String service,
		@Nullable String deployment, @Nullable String instance, @Nullable String node, String level,
		@Nullable String logger, @Nullable String thread, String message, @Nullable String stackTrace,
		@Nullable String correlationId) {

	static LogView of(LogRecord record) {
		return new LogView(record.id(), record.time(), record.kind().name(), record.source(), record.app(),
				record.service(), record.deployment(), record.instance(), record.node(), record.level().name(),
				record.logger(), record.thread(), record.message(), record.stackTrace(), record.correlationId());
	}

}
