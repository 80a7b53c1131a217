package io.iotp.contracts.logging;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.messaging.Message;

/**
 * One log line on {@code platform-logs} (platform services) or {@code app-logs} (app
 * instances, as forwarded by their node agent), keyed by source.
 *
 * @param source component id, or {@code <app>/<service>} for an app instance
 * @param instanceId the emitting replica or app instance
 * @param time when the line was logged
 * @param level TRACE, DEBUG, INFO, WARN or ERROR
 * @param logger logger name (platform) or {@code stdout}/{@code stderr} (apps)
 * @param thread thread name, when known
 * @param message the formatted message
 * @param stackTrace the exception's stack trace, when there was one
 * @param context correlation ids from the MDC: app, deployment, instance, node, sensor,
 * correlationId
 */
public record LogEntry(String source, String instanceId, Instant time, String level, String logger,
		@Nullable String thread, String message, @Nullable String stackTrace,
		Map<String, String> context) implements Message {

	public LogEntry {
		context = Map.copyOf(context);
	}

}
