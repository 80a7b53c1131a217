package io.iotp.deployer.run;

import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeployerCommand;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;

/**
 * The deployer's inputs: commands from the scheduler, and what nodes say of their
 * instances.
 */
@Component
class RunListeners {

	private final RunStarter starter;

	private final RunStopper stopper;

	private final RunEvents events;

	RunListeners(RunStarter starter, RunStopper stopper, RunEvents events) {
		this.starter = starter;
		this.stopper = stopper;
		this.events = events;
	}

	@KafkaListener(topics = TopicNames.SCHEDULER_TO_DEPLOYER)
	void onCommand(Envelope<DeployerCommand> envelope) {
		switch (envelope.payload()) {
			case DeploymentRequested request -> withIds(request.deploymentId().value(), request.app().value(),
					() -> this.starter.begin(envelope.id(), request));
			case StopDeployment stop -> withIds(stop.deploymentId().value(), null,
					() -> this.stopper.stop(stop.deploymentId().value(), appOf(stop), stop.reason()));
		}
	}

	@KafkaListener(topics = TopicNames.INSTANCE_STATUS)
	void onInstanceStatus(Envelope<InstanceStatusChanged> envelope) {
		InstanceStatusChanged status = envelope.payload();
		withIds(status.deploymentId().value(), status.app().value(), () -> this.events.onInstanceStatus(status));
	}

	private static String appOf(StopDeployment stop) {
		return "unknown";
	}

	private static void withIds(String deploymentId, @org.jspecify.annotations.Nullable String app, Runnable work) {
		MDC.put("deploymentId", deploymentId);
		if (app != null) {
			MDC.put("app", app);
		}
		try {
			work.run();
		}
		finally {
			MDC.remove("deploymentId");
			MDC.remove("app");
		}
	}

}
