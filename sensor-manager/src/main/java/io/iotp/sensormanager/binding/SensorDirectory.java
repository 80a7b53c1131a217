package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads the registry's {@code sensors} collection (same service, shape fixed by the team:
 * {@code _id}, {@code type}, {@code location}, {@code owner}, {@code createdAt}, ...).
 * Only the fields binding needs are read; the registry's own classes are not used, so the
 * two features stay apart.
 */
@Component
class SensorDirectory {

	static final String COLLECTION = "sensors";

	private final MongoTemplate mongo;

	SensorDirectory(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The owner's sensors of these types, and the sensors with these ids (whoever owns
	 * them).
	 */
	List<SensorRecord> candidates(String owner, Collection<String> types, Collection<String> ids) {
		List<Criteria> any = new ArrayList<>();
		if (!types.isEmpty()) {
			any.add(Criteria.where("owner").is(owner).and("type").in(types));
		}
		if (!ids.isEmpty()) {
			any.add(Criteria.where("_id").in(ids));
		}
		if (any.isEmpty()) {
			return List.of();
		}
		return find(new Query(new Criteria().orOperator(any)));
	}

	/** Every sensor of the owner of one of these types. */
	List<SensorRecord> ownedBy(String owner, Collection<String> types) {
		return types.isEmpty() ? List.of() : find(Query.query(Criteria.where("owner").is(owner).and("type").in(types)));
	}

	private List<SensorRecord> find(Query query) {
		query.fields().include("_id", "type", "location", "owner", "createdAt");
		List<SensorRecord> sensors = new ArrayList<>();
		for (Document document : this.mongo.find(query, Document.class, COLLECTION)) {
			SensorRecord sensor = toRecord(document);
			if (sensor != null) {
				sensors.add(sensor);
			}
		}
		return sensors;
	}

	private static @Nullable SensorRecord toRecord(Document document) {
		Object id = document.get("_id");
		String type = document.getString("type");
		String owner = document.getString("owner");
		if (id == null || type == null || owner == null) {
			return null; // not a complete sensor; the registry's business
		}
		String location = document.getString("location");
		return new SensorRecord(id.toString(), type, (location != null) ? location : "", owner,
				instant(document.get("createdAt")));
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		return switch (value) {
			case Date date -> date.toInstant();
			case Instant instant -> instant;
			case String text -> parse(text);
			case null, default -> null;
		};
	}

	private static @Nullable Instant parse(String text) {
		try {
			return Instant.parse(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
