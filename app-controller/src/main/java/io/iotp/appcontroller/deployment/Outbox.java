package io.iotp.appcontroller.deployment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.Topic;
import io.iotp.starter.PlatformIdentity;

/**
 * The transactional outbox of the deployments. A transition that must tell another
 * service stores the whole message envelope in the deployment document in the same update
 * ({@link #prepare}); it is published after the update and removed once Kafka
 * acknowledges it ({@link #publish}); whatever a crash or a broker outage left in an
 * outbox is published again by {@link #republishOlderThan}. A message is therefore sent
 * at least once and always with the same envelope id, by which consumers de-duplicate.
 * <p>
 * The starter's {@code MessagePublisher} gives every send a new envelope id, so this
 * class sends the stored envelope with the {@link KafkaTemplate} (and the starter's
 * envelope serializer) itself.
 */
@Component
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final KafkaTemplate<Object, Object> kafka;

	private final DeploymentStore store;

	private final EnvelopeCodec codec;

	private final PlatformIdentity identity;

	private final Clock clock;

	Outbox(KafkaTemplate<Object, Object> kafka, DeploymentStore store, EnvelopeCodec codec, PlatformIdentity identity,
			Clock clock) {
		this.kafka = kafka;
		this.store = store;
		this.codec = codec;
		this.identity = identity;
		this.clock = clock;
	}

	/**
	 * A message for the outbox of deployment {@code deploymentId}, correlated by it and
	 * keyed by the topic's rule.
	 */
	<T extends Message> DeploymentDocument.OutboxMessage prepare(Topic<T> topic, String deploymentId, T payload) {
		Envelope<T> envelope = Envelope.of(this.identity.componentId(), deploymentId, payload);
		return new DeploymentDocument.OutboxMessage(envelope.id(), topic.name(), topic.keyOf(payload),
				new String(this.codec.encode(envelope), StandardCharsets.UTF_8), this.clock.instant());
	}

	/**
	 * Sends every message in the deployment's outbox, in order, and removes each once
	 * acknowledged.
	 */
	public void publish(DeploymentDocument deployment) {
		for (DeploymentDocument.OutboxMessage message : deployment.outbox()) {
			send(deployment.id(), message);
		}
	}

	/** Sends again what stayed in an outbox since before {@code before}. */
	public void republishOlderThan(Instant before) {
		for (DeploymentDocument deployment : this.store.withOutboxOlderThan(before)) {
			log.info("[deployment {}] republishing {} unacknowledged message(s)", deployment.id(),
					deployment.outbox().size());
			publish(deployment);
		}
	}

	private void send(String deploymentId, DeploymentDocument.OutboxMessage message) {
		try {
			Envelope<Message> envelope = this.codec.decode(message.envelope().getBytes(StandardCharsets.UTF_8));
			this.kafka.send(message.topic(), message.key(), envelope).whenCompleteAsync((result, failure) -> {
				if (failure == null) {
					this.store.removeFromOutbox(deploymentId, message.messageId());
					log.debug("[deployment {}] {} {} published", deploymentId, envelope.type(), message.messageId());
				}
				else {
					log.warn("[deployment {}] {} {} not published yet, will retry: {}", deploymentId, envelope.type(),
							message.messageId(), failure.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("[deployment {}] message {} not published yet, will retry: {}", deploymentId, message.messageId(),
					ex.getMessage());
		}
	}

}
