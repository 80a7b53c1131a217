package io.iotp.nodemanager.placement;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;

/**
 * Follows the start and stop commands sent to nodes and the instances' final states, so placement
 * knows what each node has promised. Upserts and deletes by instance id: replays are harmless.
 */
@Component
class ReservationTracker {

	private static final Set<InstanceState> RELEASING = EnumSet.of(InstanceState.STOPPED, InstanceState.FAILED,
			InstanceState.LOST);

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ProvisionalHolds holds;

	ReservationTracker(MongoTemplate mongo, Clock clock, ProvisionalHolds holds) {
		this.mongo = mongo;
		this.clock = clock;
		this.holds = holds;
	}

	@KafkaListener(topics = Topics.NODE_COMMANDS)
	void onNodeCommand(Envelope<Message> envelope) {
		switch (envelope.payload()) {
			case StartInstance start -> {
				this.mongo.save(new Reservation(start.instanceId().value(), start.nodeId().value(),
						start.resources().cpu(), start.resources().memoryMb(), start.deploymentId().value(),
						start.app().value(), start.service(), this.clock.instant()));
				this.holds.settle(start.nodeId().value(), start.deploymentId().value(), start.service());
			}
			case StopInstance stop -> release(stop.instanceId().value());
			default -> {
			}
		}
	}

	@KafkaListener(topics = Topics.INSTANCE_STATUS)
	void onInstanceStatus(Envelope<Message> envelope) {
		if (envelope.payload() instanceof InstanceStatusChanged status && RELEASING.contains(status.state())) {
			release(status.instanceId().value());
		}
	}

	List<Reservation> all() {
		return this.mongo.findAll(Reservation.class);
	}

	private void release(String instanceId) {
		this.mongo.remove(Query.query(Criteria.where("_id").is(instanceId)), Reservation.class);
	}

}
