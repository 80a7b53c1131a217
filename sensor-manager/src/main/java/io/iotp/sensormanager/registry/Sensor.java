package io.iotp.sensormanager.registry;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.ids.SensorId;

/**
 * A registered sensor, as stored in the collection {@code sensors}.
 *
 * @param id the sensor id, also its MQTT user name
 * @param type name of its sensor type
 * @param location where it is, e.g. {@code greenhouse-1}
 * @param metadata free-form details of the owner
 * @param owner username of the developer who registered it
 * @param keyHash SHA-256 (hex) of its API key; the key itself is never stored
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 */
@Document(Sensor.COLLECTION)
public record Sensor(@Id String id, String type, String location, Map<String, Object> metadata, String owner,
		String keyHash, Instant createdAt, Instant updatedAt) {

	public static final String COLLECTION = "sensors";

	public SensorId sensorId() {
		return SensorId.of(this.id);
	}

}
