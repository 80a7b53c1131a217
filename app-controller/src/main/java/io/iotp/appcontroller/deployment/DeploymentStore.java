package io.iotp.appcontroller.deployment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentState;

/**
 * The {@code deployments} collection. Each state change is a single {@code findAndModify}
 * whose filter names the deployment and the state(s) it must be in, so concurrent
 * replicas, late Kafka messages and retried requests can never apply a transition twice
 * or out of order: whoever loses the race matches nothing.
 */
@Component
public class DeploymentStore implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(DeploymentStore.class);

	/** States in which a deployment still needs its app version. */
	public static final List<DeploymentState> ACTIVE = List.of(DeploymentState.SCHEDULED, DeploymentState.DEPLOYING,
			DeploymentState.RUNNING, DeploymentState.STOPPING);

	private final MongoTemplate mongo;

	DeploymentStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** The indexes behind the clock's, the sweeper's and the API's queries. */
	@Override
	public void afterPropertiesSet() {
		IndexOperations indexes = this.mongo.indexOps(DeploymentDocument.class);
		try {
			indexes
				.createIndex(new Index().on("status", Sort.Direction.ASC).on("schedule.nextRunAt", Sort.Direction.ASC));
			indexes.createIndex(new Index().on("appId", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
			indexes.createIndex(new Index().on("owner", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
			indexes.createIndex(new Index().on("outbox.createdAt", Sort.Direction.ASC));
		}
		catch (RuntimeException ex) {
			// queries work without them, only slower; a store that cannot build one
			// should not stop the service
			log.warn("could not create the indexes of {}: {}", DeploymentDocument.COLLECTION, ex.getMessage());
		}
	}

	void insert(DeploymentDocument deployment) {
		this.mongo.insert(deployment);
	}

	public Optional<DeploymentDocument> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, DeploymentDocument.class));
	}

	/** Newest first; everyone's or one owner's, of every app or of one. */
	List<DeploymentDocument> findAll(@Nullable String owner, @Nullable String appId) {
		Criteria criteria = new Criteria();
		if (owner != null) {
			criteria = criteria.and("owner").is(owner);
		}
		if (appId != null) {
			criteria = criteria.and("appId").is(appId);
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt", "id")),
				DeploymentDocument.class);
	}

	List<DeploymentDocument> findActive(String appId) {
		return this.mongo.find(Query.query(Criteria.where("appId").is(appId).and("status").in(ACTIVE)),
				DeploymentDocument.class);
	}

	/**
	 * Claims one due schedule for this replica: due, and either unclaimed or with an
	 * expired lease.
	 * @return the claimed deployment, if one was due
	 */
	public Optional<DeploymentDocument> claimDue(Instant now, String replica, Instant leaseUntil) {
		Query due = Query.query(Criteria.where("status")
			.is(DeploymentState.SCHEDULED)
			.and("schedule.nextRunAt")
			.lte(now)
			.orOperator(Criteria.where("schedule.claimedBy").is(null), Criteria.where("schedule.leaseUntil").lt(now)))
			.with(Sort.by("schedule.nextRunAt"));
		Update claim = new Update().set("schedule.claimedBy", replica).set("schedule.leaseUntil", leaseUntil);
		return Optional.ofNullable(this.mongo.findAndModify(due, claim, FindAndModifyOptions.options().returnNew(true),
				DeploymentDocument.class));
	}

	/**
	 * Applies {@code update} if the deployment is in one of the {@code from} states and
	 * matches {@code guard}.
	 * @return the deployment after the update, or empty if it was not in such a state
	 */
	public Optional<DeploymentDocument> transition(String id, Collection<DeploymentState> from, Criteria guard,
			Update update) {
		Query query = Query.query(Criteria.where("id").is(id).and("status").in(from).andOperator(guard));
		return Optional.ofNullable(this.mongo.findAndModify(query, update,
				FindAndModifyOptions.options().returnNew(true), DeploymentDocument.class));
	}

	/** Forgets an outbox message once Kafka has acknowledged it. */
	void removeFromOutbox(String id, String messageId) {
		this.mongo.updateFirst(Query.query(Criteria.where("id").is(id)),
				new Update().pull("outbox", Query.query(Criteria.where("messageId").is(messageId)).getQueryObject()),
				DeploymentDocument.class);
	}

	/**
	 * Deployments with an outbox message stored before {@code before}: their publication
	 * was lost.
	 */
	List<DeploymentDocument> withOutboxOlderThan(Instant before) {
		return this.mongo.find(Query.query(Criteria.where("outbox.createdAt").lt(before)), DeploymentDocument.class);
	}

}
