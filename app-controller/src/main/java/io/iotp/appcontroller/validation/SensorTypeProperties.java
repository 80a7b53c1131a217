package io.iotp.appcontroller.validation;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sensor types, until sensor-manager is asked instead.
 *
 * @param knownSensorTypes the sensor types apps may ask for in {@code appConfig.json}
 */
@ConfigurationProperties("iotp.app-controller")
public record SensorTypeProperties(@DefaultValue( {
		"temperature", "humidity", "pressure", "light", "motion", "co2" }) List<String> knownSensorTypes){

}
