package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one command sent to a sensor, to track whether it was delivered.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record CommandId(String value) {

	public CommandId {
		RandomIds.requireValue(value, "command id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static CommandId of(String value) {
		return new CommandId(value);
	}

	/** A new id of the form {@code c-<12 random characters>}. */
	public static CommandId random() {
		return new CommandId(RandomIds.next("c-"));
	}

	@Override
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
