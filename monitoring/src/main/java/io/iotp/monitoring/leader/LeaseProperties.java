package io.iotp.monitoring.leader;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The leader lease of the monitoring replicas.
 *
 * @param name the lease document's id; replicas that share it elect one leader
 * @param duration how long a lease lasts unrenewed; a dead leader is replaced after at
 * most this
 * @param renewEvery how often the holder renews it (and the others try to take it)
 */
@ConfigurationProperties("iotp.monitoring.leader")
public record LeaseProperties(@DefaultValue("monitoring") String name, @DefaultValue("4s") Duration duration,
		@DefaultValue("1s") Duration renewEvery) {

}
