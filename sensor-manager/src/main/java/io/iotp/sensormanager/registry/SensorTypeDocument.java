package io.iotp.sensormanager.registry;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.sensor.SensorField;
import io.iotp.contracts.sensor.SensorType;

/**
 * A sensor type as stored in the collection {@code sensor_types}.
 *
 * @param name the type's name
 * @param description for humans
 * @param fields what readings may carry
 * @param owner who created it; with admins the only one who may delete it
 * @param createdAt when it was created
 */
@Document(SensorTypeDocument.COLLECTION)
record SensorTypeDocument(@Id String name, @Nullable String description, List<SensorField> fields, String owner,
		Instant createdAt) {

	static final String COLLECTION = "sensor_types";

	SensorType toType() {
		return new SensorType(this.name, this.description, this.fields);
	}

}
