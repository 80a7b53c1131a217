package io.iotp.sensormanager.binding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Binding sensors to deployments.
 *
 * @param topicPartitions partitions of each {@code app.<app>.<service>.sensor-data} topic
 * @param topicReplicas replication factor of those topics; -1 takes the broker's default
 * @param refreshInterval how often the {@code sensors} collection is checked for sensors
 * that may join a binding with room, and the bindings are reloaded (to see other
 * replicas' changes); the longest a new sensor waits before it is routed
 * @param endedRetention how long an ended binding still routes readings received before
 * its end (so readings in flight when it ended are not lost)
 * @param endMemory how long the end of a deployment is remembered, so that a binding
 * request sent before it but answered after it (a slow bind racing a failure) is refused
 * instead of binding for good
 * @param appCallsPerSecond API calls one deployment may make per second with its app
 * token, per replica, in the long run (0: no limit); more get 429 {@code rate.limited}
 * with {@code Retry-After}
 * @param appCallBurst calls a quiet deployment may make at once
 */
@ConfigurationProperties("iotp.sensors.binding")
public record BindingProperties(@DefaultValue("3") int topicPartitions, @DefaultValue("-1") short topicReplicas,
		@DefaultValue("2s") Duration refreshInterval, @DefaultValue("10m") Duration endedRetention,
		@DefaultValue("1d") Duration endMemory, @DefaultValue("100") int appCallsPerSecond,
		@DefaultValue("200") int appCallBurst) {

}
