package io.iotp.deployer.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Replacing instances of running deployments that were lost with their node or failed
 * beyond their restart budget.
 *
 * @param initialBackoff wait before the first replacement of a service; doubled for each
 * further one
 * @param maxBackoff the longest wait between two replacements of one service
 * @param resetAfter replacements longer ago than this no longer lengthen the wait
 * @param sweepInterval how often runs are checked for instances whose replacement was
 * missed (a restart of the deployer while one was waiting)
 * @param leaseTerm how long the deployer replica that replaces instances may be silent
 * before another takes over (one replica replaces, so one placement is asked per lost
 * instance)
 * @param leaseRenewEvery how often that replica renews its lease
 */
@ConfigurationProperties("iotp.deployer.replacement")
public record ReplacementProperties(@DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("60s") Duration maxBackoff, @DefaultValue("10m") Duration resetAfter,
		@DefaultValue("5s") Duration sweepInterval, @DefaultValue("4s") Duration leaseTerm,
		@DefaultValue("1s") Duration leaseRenewEvery) {

}
