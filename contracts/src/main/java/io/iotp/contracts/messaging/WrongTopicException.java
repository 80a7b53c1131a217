package io.iotp.contracts.messaging;

/** A well-formed message that does not belong on the topic it was read from. */
public class WrongTopicException extends IllegalArgumentException {

	public WrongTopicException(Topic<?> topic, String type) {
		super("a '" + type + "' message does not belong on topic '" + topic.name() + "', which carries "
				+ topic.payloadType().getSimpleName());
	}

}
