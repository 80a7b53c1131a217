package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Bindings in MongoDB, one document per deployment; every change is one single-document
 * write.
 */
@Component
class BindingStore {

	private final MongoTemplate mongo;

	BindingStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	Optional<BindingDocument> find(String deploymentId) {
		return Optional.ofNullable(this.mongo.findById(deploymentId, BindingDocument.class));
	}

	/**
	 * Inserts or replaces the deployment's binding, unless the stored one ended at or
	 * after the new one was requested: a request older than the end (redelivered, or
	 * slow) must not bring it back.
	 * @return the stored binding, empty when refused
	 */
	Optional<BindingDocument> saveUnlessEnded(BindingDocument binding) {
		Query query = Query.query(Criteria.where("_id")
			.is(binding.id())
			.norOperator(Criteria.where("state").is(BindingState.ENDED).and("endedAt").gte(binding.requestedAt())));
		try {
			this.mongo.findAndReplace(query, binding, FindAndReplaceOptions.options().upsert());
			return Optional.of(binding);
		}
		catch (DuplicateKeyException ex) {
			// the document exists but did not match: it ended after this request was sent
			return Optional.empty();
		}
	}

	/**
	 * Replaces the groups of a binding that is still active; false when it ended
	 * meanwhile.
	 */
	boolean replaceGroups(BindingDocument binding) {
		Query query = Query.query(Criteria.where("_id")
			.is(binding.id())
			.and("state")
			.is(BindingState.ACTIVE)
			.and("boundAt")
			.is(binding.boundAt()));
		return this.mongo.updateFirst(query, Update.update("groups", binding.groups()), BindingDocument.class)
			.getMatchedCount() > 0;
	}

	/**
	 * Ends the deployment's active binding if it was requested before {@code at}: an end
	 * event of a cron deployment's previous run, arriving late, must not end the next
	 * run's binding. Both times are the deployer's clock; bindings stored before
	 * {@code requestedAt} was kept compare their {@code boundAt}.
	 */
	boolean end(String deploymentId, Instant at, String reason) {
		Query query = Query.query(Criteria.where("_id")
			.is(deploymentId)
			.and("state")
			.is(BindingState.ACTIVE)
			.orOperator(Criteria.where("requestedAt").lte(at), new Criteria()
				.andOperator(Criteria.where("requestedAt").is(null), Criteria.where("boundAt").lte(at))));
		Update update = Update.update("state", BindingState.ENDED).set("endedAt", at).set("endReason", reason);
		return this.mongo.updateFirst(query, update, BindingDocument.class).getMatchedCount() > 0;
	}

	List<BindingDocument> active() {
		return this.mongo.find(Query.query(Criteria.where("state").is(BindingState.ACTIVE)), BindingDocument.class);
	}

	/**
	 * Bindings that still route readings: active ones and those ended after
	 * {@code since}.
	 */
	List<BindingDocument> routing(Instant since) {
		return this.mongo.find(Query.query(new Criteria().orOperator(Criteria.where("state").is(BindingState.ACTIVE),
				Criteria.where("endedAt").gte(since))), BindingDocument.class);
	}

}
