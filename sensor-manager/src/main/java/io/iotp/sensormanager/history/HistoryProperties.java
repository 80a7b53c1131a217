package io.iotp.sensormanager.history;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The readings history. The writer's switch, group id and the retention job's interval
 * are read by annotations: {@code iotp.sensors.history.enabled} (default true),
 * {@code .group-id} (default {@code sensor-manager-history}) and
 * {@code .retention-check-interval} (default 1h).
 *
 * @param retention readings received longer ago than this are deleted
 * @param defaultLimit page size when a request names none
 * @param maxLimit largest page size a request may ask for
 * @param writeRetryFor how long the writer keeps retrying a failing MongoDB write before
 * giving the batch back to Kafka (it is read again, nothing is lost)
 */
@ConfigurationProperties("iotp.sensors.history")
public record HistoryProperties(@DefaultValue("7d") Duration retention, @DefaultValue("100") int defaultLimit,
		@DefaultValue("1000") int maxLimit, @DefaultValue("2m") Duration writeRetryFor) {
}
