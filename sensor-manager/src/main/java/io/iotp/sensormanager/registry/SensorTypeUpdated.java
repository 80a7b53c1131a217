package io.iotp.sensormanager.registry;

import io.iotp.contracts.sensor.SensorType;

/**
 * A sensor type changed in this replica (a Spring event, published before the caller is
 * answered): whoever remembers the old one forgets it.
 *
 * @param type the type as it is now
 */
public record SensorTypeUpdated(SensorType type) {

}
