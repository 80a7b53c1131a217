package io.iotp.contracts.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * What every Kafka message looks like on the wire (SPEC §5).
 *
 * @param id unique message id; consumers remember it to stay idempotent
 * @param type stable type name of the payload, see {@link MessageTypes}
 * @param source component id of the sender
 * @param time when the sender created the message
 * @param correlationId ties the messages of one request or deployment together
 * @param payload the message itself
 */
public record Envelope<T extends Message>(String id, String type, String source, Instant time,
		@Nullable String correlationId, T payload) {

	public Envelope {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(payload, "payload");
	}

	/**
	 * A new envelope with a random id, the current time and the payload's registered type
	 * name.
	 */
	public static <T extends Message> Envelope<T> of(String source, @Nullable String correlationId, T payload) {
		return new Envelope<>(randomId(), MessageTypes.nameOf(payload.getClass()), source, Instant.now(), correlationId,
				payload);
	}

	/**
	 * A random (version 4) UUID from a thread-local generator. Message ids must be
	 * unique, not secret, and {@link UUID#randomUUID()} draws on the shared secure
	 * generator: on the ingestion path, one envelope per reading, that was about 6 % of
	 * sensor-manager's CPU.
	 */
	static String randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
		return new UUID(high, low).toString();
	}

}
