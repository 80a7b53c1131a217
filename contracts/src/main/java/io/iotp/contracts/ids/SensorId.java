package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a sensor; it is also the sensor's MQTT user name and the partition key of
 * its readings.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record SensorId(String value) {

	public SensorId {
		RandomIds.requireValue(value, "sensor id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static SensorId of(String value) {
		return new SensorId(value);
	}

	/** A new id of the form {@code s-<12 random characters>}. */
	public static SensorId random() {
		return new SensorId(RandomIds.next("s-"));
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
