package io.iotp.contracts.messaging;

/** A message whose type name no record is registered for: a newer sender, or garbage. */
public class UnknownMessageTypeException extends IllegalArgumentException {

	public UnknownMessageTypeException(String message) {
		super(message);
	}

}
