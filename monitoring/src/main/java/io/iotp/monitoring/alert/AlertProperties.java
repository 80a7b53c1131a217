package io.iotp.monitoring.alert;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts and their delivery.
 *
 * @param webhookUrl where every alert and every resolution is POSTed as JSON; none when unset
 * @param webhookAttempts how often one delivery is tried before it is given up (recorded on the alert)
 * @param webhookBackoff the wait before the second attempt; doubled for each further one
 * @param webhookTimeout how long one attempt may take
 * @param overloadCpuPercent a node whose CPU load reaches this is overloaded
 * @param overloadMemoryPercent a node whose used memory reaches this share of its capacity is overloaded
 * @param overloadClearMargin an overloaded node is fine again once this many points below the threshold
 */
@ConfigurationProperties("iotp.monitoring.alerts")
public record AlertProperties(@Nullable URI webhookUrl, @DefaultValue("5") int webhookAttempts,
		@DefaultValue("1s") Duration webhookBackoff, @DefaultValue("5s") Duration webhookTimeout,
		@DefaultValue("90") double overloadCpuPercent, @DefaultValue("90") double overloadMemoryPercent,
		@DefaultValue("10") double overloadClearMargin) {

}
