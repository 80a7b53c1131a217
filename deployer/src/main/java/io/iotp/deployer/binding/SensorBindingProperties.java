package io.iotp.deployer.binding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Binding a deployment's sensors.
 *
 * @param timeout how long to wait for sensor-manager's answer to one binding request
 * @param attempts how often a timed-out binding request is sent (it is idempotent on
 * sensor-manager's side)
 */
@ConfigurationProperties("iotp.deployer.sensor-binding")
public record SensorBindingProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("2") int attempts) {

}
