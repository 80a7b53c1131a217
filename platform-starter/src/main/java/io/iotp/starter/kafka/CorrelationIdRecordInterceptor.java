package io.iotp.starter.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.starter.web.CorrelationIdFilter;

/**
 * While a listener handles a message, the envelope's correlation id is in the log
 * context, so what the listener logs and publishes carries the id of the request that
 * started it all: a deployment asked for through the gateway can be followed from service
 * to service in the logs.
 */
public class CorrelationIdRecordInterceptor implements RecordInterceptor<Object, Object> {

	@Override
	public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		if (record.value() instanceof Envelope<?> envelope && envelope.correlationId() != null) {
			MDC.put(CorrelationIdFilter.MDC_KEY, envelope.correlationId());
		}
		return record;
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		MDC.remove(CorrelationIdFilter.MDC_KEY);
	}

}
