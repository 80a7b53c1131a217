package io.iotp.deployer.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentState;

/**
 * Runs in MongoDB. Every change is a read-modify-write guarded by the document's version,
 * retried on conflict, so replicas and concurrent listeners never overwrite each other's
 * transitions.
 */
@Component
class RunStore {

	private static final int ATTEMPTS = 10;

	private final MongoTemplate mongo;

	RunStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	Optional<DeploymentRun> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, DeploymentRun.class));
	}

	DeploymentRun save(DeploymentRun run) {
		return this.mongo.save(run);
	}

	/** Inserts a new run, or replaces a finished one (a cron deployment's next run). */
	DeploymentRun begin(DeploymentRun run) {
		Optional<DeploymentRun> previous = find(run.id());
		if (previous.isEmpty()) {
			try {
				return this.mongo.insert(run);
			}
			catch (DuplicateKeyException ex) {
				throw new OptimisticLockingFailureException("run " + run.id() + " was begun concurrently", ex);
			}
		}
		DeploymentRun next = new DeploymentRun(run.id(), run.app(), run.requestMessageId(), run.requestJson(),
				run.state(), run.instances(), run.reason(), run.errorCode(), run.url(), run.startedAt(), run.deadline(),
				run.stopAt(), run.stoppingSince(), previous.get().version());
		return this.mongo.save(next);
	}

	/**
	 * Applies the change to the current document and stores it; retried from a fresh read
	 * when another writer got there first.
	 * @return the stored result, or empty if the run does not exist
	 */
	Optional<Change> update(String id, UnaryOperator<DeploymentRun> change) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Optional<DeploymentRun> current = find(id);
			if (current.isEmpty()) {
				return Optional.empty();
			}
			DeploymentRun changed = change.apply(current.get());
			if (changed.equals(current.get())) {
				return Optional.of(new Change(current.get(), current.get()));
			}
			try {
				return Optional.of(new Change(current.get(), this.mongo.save(changed)));
			}
			catch (OptimisticLockingFailureException ex) {
				// someone else changed it: read again and re-apply
			}
		}
		throw new OptimisticLockingFailureException("run " + id + " kept changing under " + ATTEMPTS + " attempts");
	}

	List<DeploymentRun> due(DeploymentState state, String timeField, Instant now) {
		return this.mongo.find(Query.query(Criteria.where("state").is(state).and(timeField).lte(now)),
				DeploymentRun.class);
	}

	List<DeploymentRun> inState(DeploymentState state) {
		return this.mongo.find(Query.query(Criteria.where("state").is(state)), DeploymentRun.class);
	}

	/** A stored change: the document before and after. */
	record Change(DeploymentRun before, DeploymentRun after) {

		boolean changed() {
			return !this.before.equals(this.after);
		}

	}

}
