package io.iotp.starter;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.iotp.contracts.heartbeat.ComponentKind;

/**
 * Who this process is on the platform and how it reports itself.
 *
 * @param componentId component id in heartbeats and logs; defaults to
 * {@code spring.application.name}
 * @param kind what sort of component this is
 * @param version platform version reported in heartbeats
 * @param heartbeatInterval how often a heartbeat is sent on {@code heartbeat}
 * @param shipLogs whether log events are shipped to {@code platform-logs}
 */
@ConfigurationProperties("iotp.platform")
public record PlatformProperties(@Nullable String componentId, @DefaultValue("SERVICE") ComponentKind kind,
		@DefaultValue("0.1.0") String version, @DefaultValue("1s") Duration heartbeatInterval,
		@DefaultValue("true") boolean shipLogs) {

}
