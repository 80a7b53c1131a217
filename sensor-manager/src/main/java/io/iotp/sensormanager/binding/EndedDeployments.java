package io.iotp.sensormanager.binding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Remembers that a deployment ended (collection {@code sensor_binding_ends}, one document
 * per deployment: the latest end's time, kept for
 * {@code iotp.sensors.binding.end-memory}, then removed by a TTL index). An end can be
 * consumed before the binding request it makes pointless is answered, when there is no
 * binding yet to end; without this the binding stored afterwards would stay active for
 * good.
 */
@Component
class EndedDeployments {

	static final String COLLECTION = "sensor_binding_ends";

	private static final Logger log = LoggerFactory.getLogger(EndedDeployments.class);

	private final MongoTemplate mongo;

	private final Duration memory;

	private final Clock clock;

	EndedDeployments(MongoTemplate mongo, BindingProperties properties, ObjectProvider<Clock> clock) {
		this.mongo = mongo;
		this.memory = properties.endMemory();
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		try {
			this.mongo.indexOps(COLLECTION)
				.createIndex(new Index("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO));
		}
		catch (DataAccessException ex) {
			// MongoDB not reachable at start: the ends are still recorded, only their
			// removal waits for the index
			log.warn("cannot create the expiry index of {}: {}", COLLECTION, ex.getMessage());
		}
	}

	/**
	 * Records that the deployment ended at {@code at}; a later end of the same deployment
	 * (a next run) wins.
	 */
	void record(String deploymentId, Instant at, String reason) {
		Update update = new Update().max("endedAt", Date.from(at))
			.set("reason", reason)
			.set("expiresAt", Date.from(this.clock.instant().plus(this.memory)));
		this.mongo.upsert(Query.query(Criteria.where("_id").is(deploymentId)), update, COLLECTION);
	}

	/** When the deployment last ended, if that is remembered. */
	Optional<Instant> endedAt(String deploymentId) {
		Document found = this.mongo.findById(deploymentId, Document.class, COLLECTION);
		return Optional.ofNullable(found).map((doc) -> doc.getDate("endedAt")).map(Date::toInstant);
	}

}
