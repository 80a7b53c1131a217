package io.iotp.appcontroller.sensortype;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How app-controller follows sensor-manager's type registry.
 *
 * @param catchUp how long an upload naming a type not known here waits for the
 * {@code sensor-types} topic to be read to its end before the type is taken as unknown;
 * when Kafka cannot be read in that time the upload gets a retriable 503
 */
@ConfigurationProperties("iotp.app-controller.sensor-types")
public record SensorTypeProperties(@DefaultValue("5s") Duration catchUp) {

}
