package io.iotp.deployer.run;

import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;

/** The deployer's inputs: commands from the scheduler, and what nodes say of their instances. */
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

	@KafkaListener(topics = Topics.SCHEDULER_TO_DEPLOYER)
	void onCommand(Envelope<Message> envelope) {
		switch (envelope.payload()) {
			case DeploymentRequested request -> withIds(request.deploymentId().value(), request.app().value(),
					() -> this.starter.begin(envelope.id(), request));
			case StopDeployment stop -> withIds(stop.deploymentId().value(), null,
					() -> this.stopper.stop(stop.deploymentId().value(), appOf(stop), stop.reason()));
			default -> {
			}
		}
	}

	@KafkaListener(topics = Topics.INSTANCE_STATUS)
	void onInstanceStatus(Envelope<Message> envelope) {
		if (envelope.payload() instanceof InstanceStatusChanged status) {
			withIds(status.deploymentId().value(), status.app().value(), () -> this.events.onInstanceStatus(status));
		}
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
