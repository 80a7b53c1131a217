package io.iotp.monitoring.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Alerts in MongoDB; resolution and acknowledgement are guarded single-document updates.
 */
@Component
class AlertStore {

	private final MongoTemplate mongo;

	AlertStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	void insert(AlertRecord alert) {
		this.mongo.insert(alert);
	}

	Optional<AlertRecord> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, AlertRecord.class));
	}

	boolean causeSeen(String cause) {
		return this.mongo.exists(Query.query(Criteria.where("cause").is(cause)), AlertRecord.class);
	}

	Optional<AlertRecord> open(String kind, String subject) {
		return Optional.ofNullable(this.mongo.findOne(
				Query.query(Criteria.where("kind").is(kind).and("subject").is(subject).and("resolvedAt").is(null)),
				AlertRecord.class));
	}

	List<AlertRecord> openOfGroup(String kind, String group) {
		return this.mongo.find(
				Query.query(Criteria.where("kind").is(kind).and("group").is(group).and("resolvedAt").is(null)),
				AlertRecord.class);
	}

	/**
	 * Resolves the alert if it is still open; empty when someone else resolved it first.
	 */
	Optional<AlertRecord> resolve(String id, String resolution, Instant at) {
		return Optional
			.ofNullable(this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("resolvedAt").is(null)),
					new Update().set("resolvedAt", at).set("resolution", resolution),
					FindAndModifyOptions.options().returnNew(true), AlertRecord.class));
	}

	Optional<AlertRecord> acknowledge(String id, String by, Instant at) {
		return Optional.ofNullable(this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id)),
				new Update().set("acknowledgedAt", at).set("acknowledgedBy", by),
				FindAndModifyOptions.options().returnNew(true), AlertRecord.class));
	}

	void delivery(String id, String outcome) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("webhook", outcome),
				AlertRecord.class);
	}

	List<AlertRecord> list(@Nullable Boolean open, @Nullable String kind, int limit) {
		Query query = new Query();
		if (open != null) {
			query.addCriteria(open ? Criteria.where("resolvedAt").is(null) : Criteria.where("resolvedAt").ne(null));
		}
		if (kind != null) {
			query.addCriteria(Criteria.where("kind").is(kind));
		}
		return this.mongo.find(query.with(Sort.by(Sort.Direction.DESC, "raisedAt")).limit(limit), AlertRecord.class);
	}

	long countOpen(boolean criticalOnly) {
		Query query = Query.query(Criteria.where("resolvedAt").is(null).and("acknowledgedAt").is(null));
		if (criticalOnly) {
			query.addCriteria(Criteria.where("severity").is("CRITICAL"));
		}
		return this.mongo.count(query, AlertRecord.class);
	}

}
