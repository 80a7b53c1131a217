package io.iotp.monitoring.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.alert.AlertSeverity;

/**
 * An alert as stored and listed: raised once per fault, resolved once when it clears.
 *
 * @param id the alert id, also the {@code notify-admin} key
 * @param kind {@code component-down}, {@code node-down}, {@code instance-failed},
 * {@code deployment-failed}, {@code node-overloaded}
 * @param subject the component, node, instance or deployment it is about
 * @param group what resolves it when it is not the subject itself (for instance failures:
 * {@code <deploymentId>/<service>}, resolved by a healthy replacement)
 * @param cause the id of the message that raised it, so a redelivered message raises
 * nothing new
 * @param webhook delivery of the raise and of the resolution: {@code delivered},
 * {@code failed: …}, or null
 */
@Document("alerts")
public record AlertRecord(@Id String id, String kind, String subject, @Nullable String group, AlertSeverity severity,
		String message, Instant raisedAt, @Nullable Instant resolvedAt, @Nullable String resolution,
		@Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy, @Nullable String cause,
		@Nullable String webhook) {

	boolean resolved() {
		return this.resolvedAt != null;
	}

}
