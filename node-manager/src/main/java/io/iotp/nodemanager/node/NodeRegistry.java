package io.iotp.nodemanager.node;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;

/**
 * Keeps one document per node, replaced on each of its agent's heartbeats (naturally
 * idempotent).
 */
@Service
public class NodeRegistry {

	private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

	private final MongoTemplate mongo;

	private final Clock clock;

	NodeRegistry(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	@KafkaListener(topics = TopicNames.NODE_HEARTBEAT)
	void onHeartbeat(Envelope<NodeHeartbeat> envelope) {
		NodeHeartbeat heartbeat = envelope.payload();
		Optional<NodeRecord> known = find(heartbeat.nodeId().value());
		if (known.isEmpty()) {
			log.info("[node {}] registered at {} with {} cpu, {} MB", heartbeat.nodeId(), heartbeat.address(),
					heartbeat.capacity().cpu(), heartbeat.capacity().memoryMb());
		}
		// every field but the admin's choice, which an admin may be setting at this very
		// moment
		Document fields = new Document();
		this.mongo.getConverter().write(NodeRecord.from(heartbeat, this.clock.instant(), null), fields);
		fields.remove("adminStatus");
		fields.remove("_class");
		Object id = fields.remove("_id");
		this.mongo.upsert(Query.query(Criteria.where("_id").is(id)), Update.fromDocument(new Document("$set", fields)),
				NodeRecord.class);
	}

	/**
	 * What an admin decided for a node: {@code DRAINING} or {@code MAINTENANCE} keep new
	 * instances off it; {@code null} gives it back to what its agent reports. One atomic
	 * update, kept across heartbeats.
	 * @return whether the node is known
	 */
	public boolean setAdminStatus(String nodeId, @Nullable NodeState status) {
		Update update = (status != null) ? new Update().set("adminStatus", status) : new Update().unset("adminStatus");
		boolean known = this.mongo.updateFirst(Query.query(Criteria.where("_id").is(nodeId)), update, NodeRecord.class)
			.getMatchedCount() > 0;
		if (known) {
			log.info("[node {}] set to {} by an admin", nodeId, (status != null) ? status : "what its agent reports");
		}
		return known;
	}

	/** Forgets a node; it is registered again by its next heartbeat. */
	public void remove(String nodeId) {
		this.mongo.remove(Query.query(Criteria.where("_id").is(nodeId)), NodeRecord.class);
		log.info("[node {}] removed by an admin", nodeId);
	}

	public List<NodeRecord> all() {
		return this.mongo.find(new Query().with(org.springframework.data.domain.Sort.by("_id")), NodeRecord.class);
	}

	public Optional<NodeRecord> find(String nodeId) {
		return Optional.ofNullable(this.mongo.findOne(Query.query(Criteria.where("_id").is(nodeId)), NodeRecord.class));
	}

}
