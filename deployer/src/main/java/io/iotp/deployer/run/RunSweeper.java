package io.iotp.deployer.run;

import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.deployer.DeployerProperties;

/** Acts on time: startup deadlines passed, durations ended, stops never confirmed. */
@Component
class RunSweeper {

	private final RunStore store;

	private final RunStopper stopper;

	private final DeployerProperties properties;

	private final Clock clock;

	RunSweeper(RunStore store, RunStopper stopper, DeployerProperties properties, Clock clock) {
		this.store = store;
		this.stopper = stopper;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${iotp.deployer.sweep-interval:1s}")
	void sweep() {
		Instant now = this.clock.instant();
		for (DeploymentRun late : this.store.due(DeploymentState.DEPLOYING, "deadline", now)) {
			String states = late.instances()
				.stream()
				.map(i -> i.instanceId() + " (" + i.service() + ") " + i.state()
						+ ((i.reason() != null) ? ": " + i.reason() : ""))
				.collect(Collectors.joining("; "));
			this.stopper.fail(late.id(), "not every instance was healthy within "
					+ this.properties.startupDeadline().toSeconds() + " s: " + states,
					ErrorCodes.DEPLOYMENT_HEALTH_TIMEOUT);
		}
		for (DeploymentRun ended : this.store.due(DeploymentState.RUNNING, "stopAt", now)) {
			this.stopper.stop(ended.id(), ended.app(), "its duration ended");
		}
		for (DeploymentRun stuck : this.store.due(DeploymentState.STOPPING, "stoppingSince",
				now.minus(this.properties.stopTimeout()))) {
			this.stopper.forceFinish(stuck);
		}
	}

}
