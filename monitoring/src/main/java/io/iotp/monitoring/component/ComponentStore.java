package io.iotp.monitoring.component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Component states and their transitions in MongoDB. */
@Component
class ComponentStore {

	private final MongoTemplate mongo;

	ComponentStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	List<ComponentRecord> all(@Nullable MonitoredKind kind) {
		Query query = (kind != null) ? Query.query(Criteria.where("kind").is(kind)) : new Query();
		return this.mongo.find(query.with(Sort.by("kind", "_id")), ComponentRecord.class);
	}

	Optional<ComponentRecord> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, ComponentRecord.class));
	}

	void save(ComponentRecord record) {
		this.mongo.save(record);
	}

	void record(ComponentRecord before, ComponentRecord after) {
		this.mongo
			.insert(new Transition(UUID.randomUUID().toString(), after.id(), (before == after) ? null : before.state(),
					after.state(), after.since(), (after.reason() != null) ? after.reason() : ""));
	}

	List<Transition> history(String id, int limit) {
		return this.mongo.find(
				Query.query(Criteria.where("componentId").is(id)).with(Sort.by(Sort.Direction.DESC, "at")).limit(limit),
				Transition.class);
	}

}
