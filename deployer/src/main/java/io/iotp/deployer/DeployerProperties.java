package io.iotp.deployer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deployer settings.
 *
 * @param startupDeadline every instance of a deployment must be healthy within this, or
 * it fails
 * @param placementTimeout how long to wait for node-manager's answer to one best-node
 * request
 * @param placementAttempts how often a timed-out best-node request is retried
 * @param stopGrace how long an instance gets between SIGTERM and SIGKILL
 * @param stopTimeout a stopping deployment whose instances have not all reported stopped
 * after this is declared stopped anyway (their node is gone)
 * @param sweepInterval how often deadlines, durations and stop timeouts are checked
 * @param durationUnit what one unit of a request's {@code durationMinutes} lasts: a
 * minute, except in tests that cannot wait minutes
 * @param developersMayUseProcesses whether developers' deployments may run on nodes that
 * run apps as processes; when false they go only to nodes that run apps in containers
 * (admins' deployments go anywhere)
 */
@ConfigurationProperties("iotp.deployer")
public record DeployerProperties(@DefaultValue("60s") Duration startupDeadline,
		@DefaultValue("5s") Duration placementTimeout, @DefaultValue("3") int placementAttempts,
		@DefaultValue("10s") Duration stopGrace, @DefaultValue("30s") Duration stopTimeout,
		@DefaultValue("1s") Duration sweepInterval, @DefaultValue("1m") Duration durationUnit,
		@DefaultValue("true") boolean developersMayUseProcesses) {

}
