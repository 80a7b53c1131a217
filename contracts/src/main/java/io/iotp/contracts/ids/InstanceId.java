package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one running (or once running) instance of an app service; never reused, so a
 * restart is a new id.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record InstanceId(String value) {

	public InstanceId {
		RandomIds.requireValue(value, "instance id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static InstanceId of(String value) {
		return new InstanceId(value);
	}

	/** A new id of the form {@code i-<12 random characters>}. */
	public static InstanceId random() {
		return new InstanceId(RandomIds.next("i-"));
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
