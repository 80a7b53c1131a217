package io.iotp.sensormanager.binding;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.BoundSensor;

/**
 * What binding needs of a sensor document (collection {@code sensors}, owned by the
 * registry).
 *
 * @param id the sensor id
 * @param type its type
 * @param location its location
 * @param owner who created it
 * @param createdAt when; older sensors are chosen first, so a re-resolution picks the
 * same ones
 */
record SensorRecord(String id, String type, String location, String owner, @Nullable Instant createdAt) {

	BoundSensor bound() {
		return new BoundSensor(SensorId.of(this.id), this.type, this.location);
	}

}
