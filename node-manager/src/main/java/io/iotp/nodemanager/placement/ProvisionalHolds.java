package io.iotp.nodemanager.placement;

import java.time.Clock;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import io.iotp.contracts.app.Resources;
import io.iotp.nodemanager.NodeManagerProperties;

/**
 * Resources promised by a placement answer but not yet claimed by a start command. A hold
 * ends when the start command is seen (the reservation then counts instead) or after the
 * configured time (the deployer gave up). Kept in MongoDB, so every node-manager replica
 * counts the holds of the others and settles them, whichever one sees the start command.
 */
@Component
class ProvisionalHolds {

	private final MongoTemplate mongo;

	private final NodeManagerProperties properties;

	private final Clock clock;

	ProvisionalHolds(MongoTemplate mongo, NodeManagerProperties properties, Clock clock) {
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
	}

	void hold(String requestId, String nodeId, String deploymentId, String service, Resources resources) {
		this.mongo.save(new Hold(requestId, nodeId, deploymentId, service, resources.cpu(), resources.memoryMb(),
				this.clock.millis() + this.properties.provisionalHold().toMillis()));
	}

	void settle(String nodeId, String deploymentId, String service) {
		this.mongo.findAndRemove(Query
			.query(Criteria.where("nodeId").is(nodeId).and("deploymentId").is(deploymentId).and("service").is(service)),
				Hold.class);
	}

	List<Hold> current() {
		long now = this.clock.millis();
		this.mongo.remove(Query.query(Criteria.where("until").lt(now)), Hold.class);
		return this.mongo.find(Query.query(Criteria.where("until").gte(now)), Hold.class);
	}

	/**
	 * @param until when it lapses, in epoch milliseconds
	 */
	@Document("provisional-holds")
	record Hold(@Id String requestId, String nodeId, String deploymentId, String service, double cpu, long memoryMb,
			long until) {

		Resources resources() {
			return new Resources(this.cpu, this.memoryMb);
		}

	}

}
