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
 * @param lastSeenEvery how often an unchanged component's last-seen time is written to
 * the store
 * @param startupGrace a component stored as alive that this replica has not heard from
 * since it started is declared DOWN only after this (after a restart of the whole
 * platform the others may take longer to come back than monitoring)
 * @param blindAfter this replica's own heartbeat not back for this long means it cannot
 * hear the platform (Kafka takes no writes while a lost broker is fenced): nothing is
 * judged by silence until it hears again, and the time it could not does not count as
 * silence (more than a heartbeat interval, less than {@code suspect-after})
 */
@ConfigurationProperties("iotp.monitoring")
public record DetectorProperties(@DefaultValue("3s") Duration suspectAfter, @DefaultValue("5s") Duration downAfter,
		@DefaultValue("250ms") Duration checkInterval, @DefaultValue("2s") Duration lastSeenEvery,
		@DefaultValue("60s") Duration startupGrace, @DefaultValue("2s") Duration blindAfter) {

}
