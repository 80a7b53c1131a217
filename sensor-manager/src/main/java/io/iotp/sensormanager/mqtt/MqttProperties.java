package io.iotp.sensormanager.mqtt;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The embedded MQTT server.
 *
 * @param enabled whether it listens at all
 * @param host address to listen on; loopback unless devices connect from other machines
 * @param port port to listen on; 0 picks a free one (tests)
 * @param maxMessageSize largest MQTT packet accepted; bigger ones close the connection
 * @param connectTimeout how long a new connection may take to send CONNECT
 * @param maxInflight readings of one connection waiting for Kafka before the server stops
 * reading from it
 * @param workerThreads Netty worker threads; 0 for Netty's default (twice the cores)
 * @param rejectionLogInterval at most one log line per interval about rejected messages
 * (they are all counted in {@code iotp.sensors.readings.rejected})
 * @param shutdownGrace how long a shutdown waits for readings already received to reach
 * Kafka and be acknowledged before closing connections
 */
@ConfigurationProperties("iotp.sensors.mqtt")
public record MqttProperties(@DefaultValue("true") boolean enabled, @DefaultValue("127.0.0.1") String host,
		@DefaultValue("1883") int port, @DefaultValue("1MB") DataSize maxMessageSize,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("1000") int maxInflight,
		@DefaultValue("0") int workerThreads, @DefaultValue("10s") Duration rejectionLogInterval,
		@DefaultValue("5s") Duration shutdownGrace) {
}
