package io.iotp.starter.kafka;

import org.apache.kafka.common.serialization.Serializer;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;

/**
 * Kafka value serializer for contract envelopes, configured by class name in the producer
 * defaults.
 */
public class EnvelopeSerializer implements Serializer<Envelope<?>> {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Override
	public byte[] serialize(String topic, Envelope<?> envelope) {
		return (envelope != null) ? this.codec.encode(envelope) : null;
	}

}
