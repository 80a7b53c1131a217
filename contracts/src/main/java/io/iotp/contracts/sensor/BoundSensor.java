package io.iotp.contracts.sensor;

import io.iotp.contracts.ids.SensorId;

/**
 * A sensor bound to an app service for one deployment; instances get the list as the
 * {@code IOTP_SENSORS} environment variable ({@code [{id, type, location}]}).
 *
 * @param id the sensor
 * @param type its sensor type
 * @param location its location
 */
public record BoundSensor(SensorId id, String type, String location) {

}
