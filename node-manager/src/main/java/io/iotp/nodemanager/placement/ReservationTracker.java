package io.iotp.nodemanager.placement;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.node.NodeCommand;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;

/**
 * Follows the start and stop commands sent to nodes and the instances' final states, so
 * placement knows what each node has promised. Start commands and final states come on
 * different topics, so either may arrive first: a start only inserts a reservation where
 * none (and no tombstone) exists, and an end always leaves a tombstone. Replays are
 * harmless.
 */
@Component
class ReservationTracker {

	private static final Set<InstanceState> RELEASING = EnumSet.of(InstanceState.STOPPED, InstanceState.FAILED,
			InstanceState.LOST);

	private static final Duration TOMBSTONE_KEPT = Duration.ofHours(1);

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ProvisionalHolds holds;

	ReservationTracker(MongoTemplate mongo, Clock clock, ProvisionalHolds holds) {
		this.mongo = mongo;
		this.clock = clock;
		this.holds = holds;
	}

	@KafkaListener(topics = TopicNames.NODE_COMMANDS)
	void onNodeCommand(Envelope<NodeCommand> envelope) {
		switch (envelope.payload()) {
			case StartInstance start -> {
				this.mongo.upsert(byId(start.instanceId().value()),
						new Update().setOnInsert("nodeId", start.nodeId().value())
							.setOnInsert("cpu", start.resources().cpu())
							.setOnInsert("memoryMb", start.resources().memoryMb())
							.setOnInsert("deploymentId", start.deploymentId().value())
							.setOnInsert("app", start.app().value())
							.setOnInsert("service", start.service())
							.setOnInsert("at", this.clock.instant())
							.setOnInsert("released", false),
						Reservation.class);
				this.holds.settle(start.nodeId().value(), start.deploymentId().value(), start.service());
			}
			case StopInstance stop -> release(stop.instanceId().value(), stop.nodeId().value());
		}
	}

	@KafkaListener(topics = TopicNames.INSTANCE_STATUS)
	void onInstanceStatus(Envelope<InstanceStatusChanged> envelope) {
		InstanceStatusChanged status = envelope.payload();
		if (RELEASING.contains(status.state())) {
			release(status.instanceId().value(), status.nodeId().value());
		}
	}

	/** What instances hold now (tombstones excluded). */
	List<Reservation> all() {
		return this.mongo.find(Query.query(Criteria.where("released").is(false)), Reservation.class);
	}

	@Scheduled(fixedDelay = 60_000)
	void forgetOldTombstones() {
		this.mongo.remove(
				Query.query(
						Criteria.where("released").is(true).and("at").lt(this.clock.instant().minus(TOMBSTONE_KEPT))),
				Reservation.class);
	}

	private void release(String instanceId, String nodeId) {
		this.mongo.upsert(byId(instanceId),
				new Update().set("released", true)
					.set("at", this.clock.instant())
					.setOnInsert("nodeId", nodeId)
					.setOnInsert("cpu", 0.0)
					.setOnInsert("memoryMb", 0L)
					.setOnInsert("deploymentId", "-")
					.setOnInsert("app", "-")
					.setOnInsert("service", "-"),
				Reservation.class);
	}

	private static Query byId(String instanceId) {
		return Query.query(Criteria.where("_id").is(instanceId));
	}

}
