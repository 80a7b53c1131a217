package io.iotp.monitoring.alert;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.messaging.Envelope;

/**
 * An alert for every failed deployment. The replicas share the topic as one consumer
 * group, so each report reaches one of them; the report's envelope id keeps a redelivery
 * from raising a second alert. Resolved when the deployment runs again; an admin who
 * acknowledges it only takes it out of the count of open alerts, as a deployment that
 * failed stays failed until someone starts it again.
 */
@Component
class DeploymentFailureAlerts {

	static final String DEPLOYMENT_FAILED = "deployment-failed";

	private final Alerts alerts;

	DeploymentFailureAlerts(Alerts alerts) {
		this.alerts = alerts;
	}

	@KafkaListener(topics = TopicNames.DEPLOYMENT_STATUS)
	void onStatus(Envelope<DeploymentStatusChanged> envelope) {
		DeploymentStatusChanged status = envelope.payload();
		String id = status.deploymentId().value();
		if (status.status() == DeploymentState.FAILED) {
			this.alerts.raise(DEPLOYMENT_FAILED, id, null, AlertSeverity.WARNING, "deployment " + id + " of app "
					+ status.app() + " FAILED" + ((status.reason() != null) ? ": " + status.reason() : ""),
					envelope.id());
		}
		else if (status.status() == DeploymentState.RUNNING) {
			this.alerts.resolve(DEPLOYMENT_FAILED, id, "deployment " + id + " is RUNNING again");
		}
	}

}
