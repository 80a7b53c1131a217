package io.iotp.nodemanager.placement;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.starter.PlatformIdentity;

/**
 * The node-manager side of the {@code get-node-request}/{@code best-node-response}
 * request-reply: the answer goes to the reply topic the requester named, with its
 * correlation id (Spring Kafka copies it).
 */
@Component
class BestNodeResponder {

	private final PlacementService placement;

	private final PlatformIdentity identity;

	BestNodeResponder(PlacementService placement, PlatformIdentity identity) {
		this.placement = placement;
		this.identity = identity;
	}

	@KafkaListener(topics = TopicNames.GET_NODE_REQUEST)
	@SendTo
	Envelope<BestNodeResponse> onRequest(Envelope<BestNodeRequest> envelope) {
		return Envelope.of(this.identity.componentId(), envelope.correlationId(),
				this.placement.bestNode(envelope.payload()));
	}

}
