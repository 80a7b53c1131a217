package io.iotp.contracts.app;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a service gets the readings of its bound sensors, the {@code sensorDelivery} of its
 * config.
 */
public enum SensorDelivery {

	/**
	 * Batches POSTed as JSON arrays to {@code /sensor-data} on the instance, at least
	 * once.
	 */
	HTTP("http"),

	/** The instance consumes {@code app.<app>.<service>.sensor-data} itself. */
	KAFKA("kafka"),

	/** No delivery; the service may still read its sensors through the API. */
	NONE("none");

	private final String wireName;

	SensorDelivery(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * @throws IllegalArgumentException if {@code wireName} is not a known delivery
	 */
	@JsonCreator
	public static SensorDelivery of(String wireName) {
		return Arrays.stream(values())
			.filter((delivery) -> delivery.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown sensorDelivery '" + wireName + "'"));
	}

}
