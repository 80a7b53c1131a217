package io.iotp.contracts.alert;

import java.time.Instant;
import java.util.Objects;

import io.iotp.contracts.ids.AlertId;
import io.iotp.contracts.messaging.Message;

/**
 * Published on {@code notify-admin}, keyed by alert id, by monitoring when something
 * needs an admin's attention, and again with {@code resolved = true} (same id) when it
 * cleared by itself.
 *
 * @param alertId the alert; stays the same from raising to resolving
 * @param severity how urgent
 * @param kind what sort of problem, kebab-case and stable, e.g. {@code component-down},
 * {@code node-down}, {@code instance-failed}, {@code deployment-failed},
 * {@code no-node-fits}
 * @param subject what it is about: a component, node, instance or deployment id
 * @param message one sentence for humans
 * @param time when the problem was detected (or resolved)
 * @param resolved whether this announces the problem's end
 */
public record AdminAlert(AlertId alertId, AlertSeverity severity, String kind, String subject, String message,
		Instant time, boolean resolved) implements Message {

	public AdminAlert {
		Objects.requireNonNull(alertId, "alertId");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(subject, "subject");
	}

}
