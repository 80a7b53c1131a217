package io.iotp.nodemanager.node;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.NodeHeartbeat;

/** Keeps one document per node, replaced on each of its agent's heartbeats (naturally idempotent). */
@Service
public class NodeRegistry {

	private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

	private final MongoTemplate mongo;

	private final Clock clock;

	NodeRegistry(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	@KafkaListener(topics = Topics.NODE_HEARTBEAT)
	void onHeartbeat(Envelope<Message> envelope) {
		if (!(envelope.payload() instanceof NodeHeartbeat heartbeat)) {
			return;
		}
		Optional<NodeRecord> known = find(heartbeat.nodeId().value());
		if (known.isEmpty()) {
			log.info("[node {}] registered at {} with {} cpu, {} MB", heartbeat.nodeId(), heartbeat.address(),
					heartbeat.capacity().cpu(), heartbeat.capacity().memoryMb());
		}
		this.mongo.save(NodeRecord.from(heartbeat, this.clock.instant(),
				known.map(NodeRecord::adminStatus).orElse(null)));
	}

	public List<NodeRecord> all() {
		return this.mongo.find(new Query().with(org.springframework.data.domain.Sort.by("_id")), NodeRecord.class);
	}

	public Optional<NodeRecord> find(String nodeId) {
		return Optional.ofNullable(this.mongo.findOne(Query.query(Criteria.where("_id").is(nodeId)), NodeRecord.class));
	}

}
