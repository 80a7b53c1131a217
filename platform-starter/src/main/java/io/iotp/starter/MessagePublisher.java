package io.iotp.starter;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.Topic;
import io.iotp.starter.web.CorrelationIdFilter;

/**
 * Publishes contract messages in their envelope, stamped with this component as the
 * source, on a typed {@link Topic}: only the topic's own message type compiles, and the
 * partition key comes from the message by the topic's rule. The returned future completes
 * when Kafka has acknowledged the record ({@code acks=all}).
 */
public class MessagePublisher {

	private final KafkaTemplate<Object, Object> kafka;

	private final PlatformIdentity identity;

	public MessagePublisher(KafkaTemplate<Object, Object> kafka, PlatformIdentity identity) {
		this.kafka = kafka;
		this.identity = identity;
	}

	public <T extends Message> CompletableFuture<SendResult<Object, Object>> publish(Topic<T> topic, T payload) {
		return publish(topic, payload, null);
	}

	/**
	 * Without a correlation id, the one of the request or message being handled (log
	 * context) is used.
	 */
	public <T extends Message> CompletableFuture<SendResult<Object, Object>> publish(Topic<T> topic, T payload,
			@Nullable String correlationId) {
		String correlation = (correlationId != null) ? correlationId : MDC.get(CorrelationIdFilter.MDC_KEY);
		return this.kafka.send(topic.name(), topic.keyOf(payload),
				Envelope.of(this.identity.componentId(), correlation, payload));
	}

}
