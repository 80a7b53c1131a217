package io.iotp.monitoring.component;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The failure detector.
 *
 * @param suspectAfter a source silent this long is SUSPECT (three heartbeat intervals)
 * @param downAfter a source silent this long is DOWN
 * @param checkInterval how often the leader compares what it heard with what is stored
 * @param lastSeenEvery how often an unchanged component's last-seen time is written to the store
 */
@ConfigurationProperties("iotp.monitoring")
public record DetectorProperties(@DefaultValue("3s") Duration suspectAfter, @DefaultValue("5s") Duration downAfter,
		@DefaultValue("250ms") Duration checkInterval, @DefaultValue("2s") Duration lastSeenEvery) {

}
