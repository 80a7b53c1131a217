package io.iotp.sensormanager.history;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import io.iotp.contracts.sensor.SensorReading;

/**
 * The history written before chunks, one document per reading in {@code readings}, on a
 * platform upgraded in place. Nothing writes it any more; it is read beside the chunks
 * (one more query per request, answered at once when the collection does not exist) and
 * dropped once retention has emptied it.
 */
@Component
class LegacyReadings {

	private static final Logger log = LoggerFactory.getLogger(LegacyReadings.class);

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "ts", "_id");

	private final MongoTemplate mongo;

	LegacyReadings(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Up to {@code limit} readings with {@code from <= ts < to} after the position,
	 * newest first.
	 */
	List<SensorReading> newest(String sensorId, @Nullable Instant from, @Nullable Instant to, @Nullable Position after,
			int limit) {
		Criteria criteria = Criteria.where("sensorId").is(sensorId);
		if (from != null || to != null) {
			Criteria ts = criteria.and("ts");
			if (from != null) {
				ts = ts.gte(from);
			}
			if (to != null) {
				ts.lt(to);
			}
		}
		if (after != null) {
			criteria.andOperator(new Criteria().orOperator(Criteria.where("ts").lt(after.ts()),
					Criteria.where("ts").is(after.ts()).and("_id").lt(after.id())));
		}
		return this.mongo.find(Query.query(criteria).with(NEWEST_FIRST).limit(limit), ReadingDocument.class)
			.stream()
			.map(ReadingDocument::toReading)
			.toList();
	}

	/**
	 * Deletes the readings received before {@code before}; drops the collection once it
	 * is empty.
	 */
	void applyRetention(Instant before) {
		if (!this.mongo.collectionExists(ReadingDocument.class)) {
			return;
		}
		long deleted = this.mongo.remove(Query.query(Criteria.where("receivedAt").lt(before)), ReadingDocument.class)
			.getDeletedCount();
		if (deleted > 0) {
			log.info("retention: deleted {} readings of the per-reading layout received before {}", deleted, before);
		}
		if (this.mongo.count(new Query(), ReadingDocument.class) == 0) {
			this.mongo.dropCollection(ReadingDocument.class);
			log.info("retention: the per-reading collection '{}' is empty and was dropped; history is in '{}'",
					ReadingDocument.COLLECTION, ReadingChunks.COLLECTION);
		}
	}

}
