package io.iotp.contracts.messaging;

import java.util.Objects;
import java.util.function.Function;

/**
 * A Kafka topic as the platform uses it: its name, the one payload type its records carry
 * (a sealed interface where it carries several kinds of message), and the rule that takes
 * a record's partition key from the message. Publishing through a topic cannot put a
 * foreign message on it or key it wrongly, and a consumer can tell a record that does not
 * belong there from one it merely does not care about.
 *
 * @param name the topic's name in Kafka
 * @param payloadType what every record's payload is
 * @param keyName what the key is, for people: {@code deploymentId},
 * {@code <app>/<service>}, ...
 * @param keyRule the partition key of a message
 * @param <T> the payload type
 */
public record Topic<T extends Message>(String name, Class<T> payloadType, String keyName,
		Function<? super T, String> keyRule) {

	public Topic {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(payloadType, "payloadType");
		Objects.requireNonNull(keyName, "keyName");
		Objects.requireNonNull(keyRule, "keyRule");
	}

	/** The partition key of {@code message} by this topic's rule. */
	public String keyOf(T message) {
		return this.keyRule.apply(message);
	}

	/** Whether {@code payload} may travel on this topic. */
	public boolean carries(Message payload) {
		return this.payloadType.isInstance(payload);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
