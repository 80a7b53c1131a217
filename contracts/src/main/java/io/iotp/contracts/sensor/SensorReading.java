package io.iotp.contracts.sensor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Message;

/**
 * One validated reading, as published on {@code sensor-data} and on the per-binding
 * {@code app.<app>.<service>.sensor-data} topics (keyed by sensor id), and as POSTed to
 * app instances: {@code {id, sensorId, type, location, ts, receivedAt, values}}.
 *
 * @param id unique reading id, assigned at ingestion; receivers de-duplicate on it
 * (delivery is at least once)
 * @param sensorId the sensor
 * @param type its sensor type
 * @param location its location
 * @param ts when the sensor measured, as it says (or {@code receivedAt} when it did not
 * say)
 * @param receivedAt when the platform accepted it
 * @param values field name to value (number, boolean or string), checked against the
 * sensor type
 */
public record SensorReading(String id, SensorId sensorId, String type, String location, Instant ts, Instant receivedAt,
		Map<String, Object> values) implements Message {

	public SensorReading {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(sensorId, "sensorId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(ts, "ts");
		values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(values, Map.of())));
	}

}
