package io.iotp.monitoring.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.ids.AlertId;
import io.iotp.monitoring.component.OpenAlerts;
import io.iotp.starter.MessagePublisher;

/**
 * Raises and resolves alerts: at most one open alert per kind and subject (a fault that
 * lasts raises one alert, not one per check), stored first, then published on
 * {@code notify-admin} (key: alert id) and delivered to the webhook and by e-mail when
 * those are configured. The publication leaves on a thread of its own, in order: while
 * Kafka is away a send blocks for the producer's {@code max.block.ms} (10 s), and the
 * failure detector, which raises alerts from its check, must not wait for that: with the
 * broker gone every component falls silent at once, and ten seconds per alert would hold
 * up the restart that brings the broker back by minutes.
 */
@Component
public class Alerts implements OpenAlerts, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Alerts.class);

	private final AlertStore store;

	private final MessagePublisher publisher;

	private final WebhookDelivery webhook;

	private final MailDelivery mail;

	private final Clock clock;

	private final ExecutorService publications = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("alert-publisher").daemon(true).factory());

	Alerts(AlertStore store, MessagePublisher publisher, WebhookDelivery webhook, MailDelivery mail, Clock clock) {
		this.store = store;
		this.publisher = publisher;
		this.webhook = webhook;
		this.mail = mail;
		this.clock = clock;
	}

	/**
	 * @param group what else resolves it (see {@link AlertRecord#group()}), or null
	 * @param cause id of the message that raised it, to raise nothing twice for one
	 * message, or null
	 * @return the new alert, or empty when one is open already (or the cause was seen)
	 */
	public Optional<AlertRecord> raise(String kind, String subject, @Nullable String group, AlertSeverity severity,
			String message, @Nullable String cause) {
		if ((cause != null && this.store.causeSeen(cause)) || this.store.open(kind, subject).isPresent()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		AlertRecord alert = new AlertRecord(AlertId.random().value(), kind, subject, group, severity, message, now,
				null, null, null, null, cause, null);
		this.store.insert(alert);
		log.warn("[alert {}] {} {}: {}", alert.id(), severity, kind, message);
		announce(alert, message, now, false);
		return Optional.of(alert);
	}

	/** Resolves the open alert of this kind and subject, if there is one. */
	public void resolve(String kind, String subject, String resolution) {
		this.store.open(kind, subject).ifPresent(alert -> resolveOne(alert, resolution));
	}

	/** Resolves every open alert of this kind in the group. */
	public void resolveGroup(String kind, String group, String resolution) {
		this.store.openOfGroup(kind, group).forEach(alert -> resolveOne(alert, resolution));
	}

	Optional<AlertRecord> acknowledge(String id, String by) {
		return this.store.acknowledge(id, by, this.clock.instant());
	}

	@Override
	public long open() {
		return this.store.countOpen(false);
	}

	@Override
	public long openCritical() {
		return this.store.countOpen(true);
	}

	private void resolveOne(AlertRecord alert, String resolution) {
		Instant now = this.clock.instant();
		this.store.resolve(alert.id(), resolution, now).ifPresent(resolved -> {
			log.info("[alert {}] resolved: {}", alert.id(), resolution);
			announce(resolved, resolution, now, true);
		});
	}

	private void announce(AlertRecord alert, String message, Instant at, boolean resolved) {
		AdminAlert event = new AdminAlert(AlertId.of(alert.id()), alert.severity(), alert.kind(), alert.subject(),
				message, at, resolved);
		this.publications.execute(() -> {
			try {
				this.publisher.publish(Topics.NOTIFY_ADMIN, event);
			}
			catch (RuntimeException ex) {
				log.warn("[alert {}] not published on {}: {}", alert.id(), Topics.NOTIFY_ADMIN, ex.toString());
			}
		});
		this.webhook.deliver(event);
		this.mail.deliver(event);
	}

	@Override
	public void destroy() {
		this.publications.shutdown();
	}

}
