package io.iotp.starter.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.Topic;
import io.iotp.contracts.messaging.WrongTopicException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka value deserializer for contract envelopes. On a platform topic it only lets
 * through the message type the topic carries, so a listener can take
 * {@code Envelope<TheTopicsType>} and never test what it got. It runs behind Spring
 * Kafka's {@code ErrorHandlingDeserializer}: a record it cannot read, or one that does
 * not belong on its topic, is handed to {@link SkippedRecords} (logged and counted)
 * instead of blocking its partition.
 */
public class EnvelopeDeserializer implements Deserializer<Envelope<Message>> {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final Map<String, Optional<Topic<?>>> topics = new ConcurrentHashMap<>();

	@Override
	public Envelope<Message> deserialize(String topic, byte[] data) {
		if (data == null) {
			return null;
		}
		Envelope<Message> envelope;
		try {
			envelope = this.codec.decode(data);
		}
		catch (RuntimeException ex) {
			throw new SerializationException("not a readable envelope on " + topic + ": " + ex.getMessage(), ex);
		}
		Optional<Topic<?>> typed = this.topics.computeIfAbsent(topic, Topics::byName);
		if (typed.isPresent() && !typed.get().carries(envelope.payload())) {
			throw new SerializationException(new WrongTopicException(typed.get(), envelope.type()));
		}
		return envelope;
	}

}
