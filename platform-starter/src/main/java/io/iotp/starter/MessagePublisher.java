package io.iotp.starter;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.starter.web.CorrelationIdFilter;

/**
 * Publishes contract messages in their envelope, stamped with this component as the source. The
 * returned future completes when Kafka has acknowledged the record ({@code acks=all}).
 */
public class MessagePublisher {

	private final KafkaTemplate<Object, Object> kafka;

	private final PlatformIdentity identity;

	public MessagePublisher(KafkaTemplate<Object, Object> kafka, PlatformIdentity identity) {
		this.kafka = kafka;
		this.identity = identity;
	}

	public CompletableFuture<SendResult<Object, Object>> publish(String topic, String key, Message payload) {
		return publish(topic, key, payload, null);
	}

	/** Without a correlation id, the one of the request or message being handled (log context) is used. */
	public CompletableFuture<SendResult<Object, Object>> publish(String topic, String key, Message payload,
			@Nullable String correlationId) {
		String correlation = (correlationId != null) ? correlationId : MDC.get(CorrelationIdFilter.MDC_KEY);
		return this.kafka.send(topic, key, Envelope.of(this.identity.componentId(), correlation, payload));
	}

}
