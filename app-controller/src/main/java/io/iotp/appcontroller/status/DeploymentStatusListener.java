package io.iotp.appcontroller.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.appcontroller.deployment.DeploymentTransitions;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.messaging.Envelope;

/**
 * Applies the deployer's reports to the deployments. Replicas share the consumer group;
 * applying a report is a guarded update, so a redelivered, duplicated or late report
 * changes nothing.
 */
@Component
class DeploymentStatusListener {

	private static final Logger log = LoggerFactory.getLogger(DeploymentStatusListener.class);

	private final DeploymentTransitions transitions;

	DeploymentStatusListener(DeploymentTransitions transitions) {
		this.transitions = transitions;
	}

	@KafkaListener(topics = TopicNames.DEPLOYMENT_STATUS)
	void on(Envelope<DeploymentStatusChanged> envelope) {
		DeploymentStatusChanged report = envelope.payload();
		boolean applied = this.transitions.apply(report);
		log.debug("[deployment {}] {} report {} {}", report.deploymentId(), report.status(), envelope.id(),
				applied ? "applied" : "ignored");
	}

}
