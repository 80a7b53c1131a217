package io.iotp.sensormanager.binding;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.messaging.Envelope;

/**
 * Ends a binding when its deployment is over (STOPPED, FAILED, CANCELLED on
 * {@code deployment-status}). A group of its own, because the service's main group may
 * consume that topic for other purposes.
 */
@Component
class BindingEnder {

	private final BindingService bindings;

	BindingEnder(BindingService bindings) {
		this.bindings = bindings;
	}

	@KafkaListener(topics = TopicNames.DEPLOYMENT_STATUS, groupId = "sensor-manager-bindings")
	void onStatus(Envelope<DeploymentStatusChanged> envelope) {
		DeploymentStatusChanged status = envelope.payload();
		if (status.status().terminal()) {
			this.bindings.end(status.deploymentId().value(), status.at(),
					"deployment " + status.status().name().toLowerCase());
		}
	}

}
