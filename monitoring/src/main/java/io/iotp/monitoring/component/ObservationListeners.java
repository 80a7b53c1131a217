package io.iotp.monitoring.component;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.NodeHeartbeat;

/**
 * Feeds {@link Observations}. Each replica reads every message in consumer groups of its
 * own: heartbeats from now on (old ones say nothing of now), instance reports from the
 * start of the topic (where each instance runs is needed to declare a dead node's
 * instances lost).
 */
@Component
class ObservationListeners {

	private final Observations observations;

	ObservationListeners(Observations observations) {
		this.observations = observations;
	}

	/**
	 * Both kinds of heartbeat through one consumer, so this replica's own heartbeat
	 * coming back tells whether it hears the nodes too.
	 */
	@KafkaListener(topics = { TopicNames.HEARTBEAT, TopicNames.NODE_HEARTBEAT },
			groupId = "monitoring-heartbeats-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=latest")
	void onHeartbeat(Envelope<Message> envelope) {
		switch (envelope.payload()) {
			case Heartbeat heartbeat -> this.observations.heartbeat(heartbeat);
			case NodeHeartbeat heartbeat -> this.observations.node(heartbeat);
			default -> {
				// the topics carry nothing else (the deserializer sees to it)
			}
		}
	}

	@KafkaListener(topics = TopicNames.INSTANCE_STATUS,
			groupId = "monitoring-instances-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onInstanceStatus(Envelope<InstanceStatusChanged> envelope) {
		this.observations.instance(envelope.payload());
	}

}
