package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies an admin alert, so raising and resolving the same problem refer to one
 * alert.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record AlertId(String value) {

	public AlertId {
		RandomIds.requireValue(value, "alert id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static AlertId of(String value) {
		return new AlertId(value);
	}

	/** A new id of the form {@code al-<12 random characters>}. */
	public static AlertId random() {
		return new AlertId(RandomIds.next("al-"));
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
