package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Bindings in MongoDB, one document per deployment; every change is one single-document write. */
@Component
class BindingStore {

	private final MongoTemplate mongo;

	BindingStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	Optional<BindingDocument> find(String deploymentId) {
		return Optional.ofNullable(this.mongo.findById(deploymentId, BindingDocument.class));
	}

	/** Inserts or replaces the deployment's binding. */
	BindingDocument save(BindingDocument binding) {
		return this.mongo.save(binding);
	}

	/** Replaces the groups of a binding that is still active; false when it ended meanwhile. */
	boolean replaceGroups(BindingDocument binding) {
		Query query = Query.query(Criteria.where("_id").is(binding.id()).and("state").is(BindingState.ACTIVE)
				.and("boundAt").is(binding.boundAt()));
		return this.mongo.updateFirst(query, Update.update("groups", binding.groups()), BindingDocument.class)
			.getMatchedCount() > 0;
	}

	/**
	 * Ends the deployment's active binding if it began before {@code at}: an end event of a cron
	 * deployment's previous run, arriving late, must not end the next run's binding.
	 */
	boolean end(String deploymentId, Instant at, String reason) {
		Query query = Query.query(Criteria.where("_id").is(deploymentId).and("state").is(BindingState.ACTIVE)
				.and("boundAt").lte(at));
		Update update = Update.update("state", BindingState.ENDED).set("endedAt", at).set("endReason", reason);
		return this.mongo.updateFirst(query, update, BindingDocument.class).getMatchedCount() > 0;
	}

	List<BindingDocument> active() {
		return this.mongo.find(Query.query(Criteria.where("state").is(BindingState.ACTIVE)), BindingDocument.class);
	}

	/** Bindings that still route readings: active ones and those ended after {@code since}. */
	List<BindingDocument> routing(Instant since) {
		return this.mongo.find(Query.query(new Criteria().orOperator(Criteria.where("state").is(BindingState.ACTIVE),
				Criteria.where("endedAt").gte(since))), BindingDocument.class);
	}

}
