package io.iotp.sensormanager.command;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Commands to sensors. The sweeper's interval is read by its annotation:
 * {@code iotp.sensors.commands.sweep-interval} (default 1s).
 *
 * @param defaultTtl how long a command may wait for its device when the request names no
 * ttlSeconds
 * @param maxTtl the longest ttlSeconds accepted
 * @param resendAfter a PENDING command sent over MQTT but not acknowledged by PUBACK is
 * sent again after this long, while the device is connected
 * @param maxPending most commands one HTTP poll returns
 */
@ConfigurationProperties("iotp.sensors.commands")
public record CommandProperties(@DefaultValue("1h") Duration defaultTtl, @DefaultValue("7d") Duration maxTtl,
		@DefaultValue("10s") Duration resendAfter, @DefaultValue("100") int maxPending) {
}
