package io.iotp.appcontroller.schedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schedule clock and the outbox sweeper.
 *
 * @param tick how often due schedules are looked for; {@code now} deployments start
 * within one tick
 * @param lease how long a claimed schedule stays this replica's; a replica that dies
 * while firing is taken over after it
 * @param maxFiresPerTick most schedules fired in one tick, so one tick never runs for
 * long
 * @param outboxSweep how often outboxes are checked for messages a crash or an outage
 * left unsent
 * @param outboxRepublishAfter how old an outbox message must be before the sweeper sends
 * it again; more than a normal publication takes, so the sweeper rarely duplicates one
 */
@ConfigurationProperties("iotp.app-controller.schedule")
public record ScheduleProperties(@DefaultValue("250ms") Duration tick, @DefaultValue("30s") Duration lease,
		@DefaultValue("20") int maxFiresPerTick, @DefaultValue("1s") Duration outboxSweep,
		@DefaultValue("5s") Duration outboxRepublishAfter) {

}
