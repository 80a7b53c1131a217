package io.iotp.sensormanager.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ingestion of readings, over HTTP and MQTT alike.
 *
 * @param maxBodySize largest request body or MQTT payload accepted
 * @param maxReadings most readings in one request or MQTT message
 * @param futureSkew how far a reading's {@code ts} may lie ahead of the platform clock
 * @param sendTimeout how long a request waits for Kafka to acknowledge its readings
 * before answering 503
 * @param keyCacheTtl how long a sensor's key hash, type and location are remembered at
 * most (each entry between 3/4 of it and all of it, so entries cached together do not
 * expire together); changes made on this replica apply at once, those made on another
 * replica within this time
 * @param readingsPerSecond readings one sensor may send per second in the long run (0: no
 * limit); more is refused with 429 and {@code Retry-After} (MQTT 5: PUBACK 0x97; MQTT
 * 3.1.1: the connection is closed without PUBACK, so the device sends again later)
 * @param readingsBurst readings a sensor that was quiet may send at once
 */
@ConfigurationProperties("iotp.sensors.ingest")
public record IngestProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("5000") int maxReadings,
		@DefaultValue("5m") Duration futureSkew, @DefaultValue("10s") Duration sendTimeout,
		@DefaultValue("60s") Duration keyCacheTtl, @DefaultValue("1000") int readingsPerSecond,
		@DefaultValue("3000") int readingsBurst) {
}
