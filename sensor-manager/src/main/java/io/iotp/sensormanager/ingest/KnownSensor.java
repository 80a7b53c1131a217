package io.iotp.sensormanager.ingest;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorType;

/**
 * What the hot path needs to know of a sensor, held in memory by
 * {@link DeviceAuthenticator}.
 *
 * @param id the sensor
 * @param type its sensor type, to validate readings against
 * @param location its location, to enrich readings with
 * @param owner its owner
 * @param keyHash SHA-256 of its key
 */
public record KnownSensor(SensorId id, SensorType type, String location, String owner, String keyHash) {
}
