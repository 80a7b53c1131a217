package io.iotp.monitoring.component;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.NodeHeartbeat;

/**
 * Feeds {@link Observations}. Each replica reads every message in consumer groups of its own: heartbeats
 * from now on (old ones say nothing of now), instance reports from the start of the topic (where each
 * instance runs is needed to declare a dead node's instances lost).
 */
@Component
class ObservationListeners {

	private final Observations observations;

	ObservationListeners(Observations observations) {
		this.observations = observations;
	}

	@KafkaListener(topics = Topics.HEARTBEAT, groupId = "monitoring-heartbeats-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=latest")
	void onHeartbeat(Envelope<Message> envelope) {
		if (envelope.payload() instanceof Heartbeat heartbeat) {
			this.observations.heartbeat(heartbeat);
		}
	}

	@KafkaListener(topics = Topics.NODE_HEARTBEAT,
			groupId = "monitoring-node-heartbeats-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=latest")
	void onNodeHeartbeat(Envelope<Message> envelope) {
		if (envelope.payload() instanceof NodeHeartbeat heartbeat) {
			this.observations.node(heartbeat);
		}
	}

	@KafkaListener(topics = Topics.INSTANCE_STATUS, groupId = "monitoring-instances-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onInstanceStatus(Envelope<Message> envelope) {
		if (envelope.payload() instanceof InstanceStatusChanged status) {
			this.observations.instance(status);
		}
	}

}
