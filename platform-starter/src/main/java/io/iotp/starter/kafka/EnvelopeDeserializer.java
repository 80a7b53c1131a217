package io.iotp.starter.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;

/**
 * Kafka value deserializer for contract envelopes. It runs behind Spring Kafka's
 * {@code ErrorHandlingDeserializer}, so a record it cannot read is reported and skipped instead of
 * blocking its partition.
 */
public class EnvelopeDeserializer implements Deserializer<Envelope<Message>> {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Override
	public Envelope<Message> deserialize(String topic, byte[] data) {
		if (data == null) {
			return null;
		}
		try {
			return this.codec.decode(data);
		}
		catch (RuntimeException ex) {
			throw new SerializationException("not a readable envelope on " + topic + ": " + ex.getMessage(), ex);
		}
	}

}
