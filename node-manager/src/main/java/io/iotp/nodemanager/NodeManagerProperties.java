package io.iotp.nodemanager;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Node manager settings.
 *
 * @param suspectAfter a node silent this long is SUSPECT and gets no new instances
 * @param downAfter a node silent this long is DOWN
 * @param provisionalHold how long a placement answer holds its resources before the
 * agent's start command (or its absence) settles them
 */
@ConfigurationProperties("iotp.node-manager")
public record NodeManagerProperties(@DefaultValue("3s") Duration suspectAfter, @DefaultValue("10s") Duration downAfter,
		@DefaultValue("15s") Duration provisionalHold) {

}
