package io.iotp.sensormanager.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.FieldType;
import io.iotp.contracts.sensor.SensorField;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.starter.security.Caller;

/**
 * Sensor types: shared by everyone, deleted by their creator or an admin once no sensor
 * uses them.
 */
@Service
public class SensorTypes {

	private static final Logger log = LoggerFactory.getLogger(SensorTypes.class);

	static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,38}");

	private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final int MAX_FIELDS = 100;

	private final MongoTemplate mongo;

	private final SensorTypeAnnouncer announcer;

	private final Clock clock;

	private final BoundApps boundApps;

	private final ApplicationEventPublisher events;

	SensorTypes(MongoTemplate mongo, SensorTypeAnnouncer announcer, BoundApps boundApps,
			ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.announcer = announcer;
		this.boundApps = boundApps;
		this.events = events;
		this.clock = Clock.systemUTC();
	}

	SensorTypeDocument create(Caller caller, SensorTypeRequest request) {
		SensorTypeDocument type = new SensorTypeDocument(request.name(), request.description(), validFields(request),
				caller.username(), this.clock.instant());
		try {
			this.mongo.insert(type);
		}
		catch (DuplicateKeyException ex) {
			throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT,
					"sensor type '" + request.name() + "' already exists");
		}
		try {
			this.announcer.defined(type.toType());
		}
		catch (PlatformException ex) {
			// not announced, not created: app-controller must never miss a type that
			// exists
			this.mongo.remove(Query.query(Criteria.where("_id").is(type.name())), SensorTypeDocument.class);
			throw ex;
		}
		log.info("[sensor-type {}] created by {} with {} fields", type.name(), caller.username(), type.fields().size());
		return type;
	}

	/**
	 * Changes a type in ways its readings and the apps that read them survive: fields
	 * added (every field is optional in a reading), a description or unit changed, a
	 * range widened. A field removed, retyped or narrowed would refuse readings that were
	 * valid, and is refused, naming the running apps bound to sensors of the type.
	 */
	SensorTypeDocument update(Caller caller, String name, SensorTypeRequest request) {
		SensorTypeDocument current = get(name);
		if (!caller.mayAccess(current.owner())) {
			throw new PlatformException(ErrorCodes.AUTH_FORBIDDEN,
					"sensor type '" + name + "' belongs to another developer; only they or an admin may change it");
		}
		if (request.name() != null && !request.name().equals(name)) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "a sensor type cannot be renamed", List
				.of(new FieldError("/name", "must be '" + name + "' (or left out), got " + quoted(request.name()))));
		}
		List<SensorField> fields = validFields(new SensorTypeRequest(name, request.description(), request.fields()));
		List<String> breaking = breakingChanges(current.fields(), fields);
		if (!breaking.isEmpty()) {
			List<String> apps = this.boundApps.boundTo(name);
			throw new PlatformException(SensorErrors.SENSOR_TYPE_CHANGE_BREAKS, "sensor type '" + name
					+ "' cannot change so: " + String.join("; ", breaking)
					+ (apps.isEmpty() ? ". Readings stored and sent so far would not fit it"
							: ". Running apps bound to its sensors read those fields: " + String.join(", ", apps))
					+ ". Add fields or widen ranges instead, or create a new type");
		}
		SensorTypeDocument updated = new SensorTypeDocument(name, request.description(), fields, current.owner(),
				current.createdAt());
		this.mongo.save(updated);
		try {
			this.announcer.defined(updated.toType());
		}
		catch (PlatformException ex) {
			this.mongo.save(current);
			throw ex;
		}
		this.events.publishEvent(new SensorTypeUpdated(updated.toType()));
		log.info("[sensor-type {}] changed by {}: {} fields now", name, caller.username(), fields.size());
		return updated;
	}

	static List<String> breakingChanges(List<SensorField> before, List<SensorField> after) {
		List<String> breaking = new ArrayList<>();
		for (SensorField old : before) {
			SensorField now = after.stream().filter((f) -> f.name().equals(old.name())).findFirst().orElse(null);
			if (now == null) {
				breaking.add("field '" + old.name() + "' would be removed");
			}
			else if (now.type() != old.type()) {
				breaking.add("field '" + old.name() + "' would change from " + old.type().wireName() + " to "
						+ now.type().wireName());
			}
			else {
				if (now.min() != null && (old.min() == null || now.min() > old.min())) {
					breaking.add("field '" + old.name() + "' would raise its minimum to " + now.min());
				}
				if (now.max() != null && (old.max() == null || now.max() < old.max())) {
					breaking.add("field '" + old.name() + "' would lower its maximum to " + now.max());
				}
			}
		}
		return breaking;
	}

	/** Stores those of {@code types} the registry does not have yet. */
	void addMissing(List<SensorTypeDocument> types) {
		for (SensorTypeDocument type : types) {
			if (!this.mongo.exists(Query.query(Criteria.where("_id").is(type.name())), SensorTypeDocument.class)) {
				try {
					this.mongo.insert(type);
					log.info("[sensor-type {}] added as one of the platform's common types", type.name());
				}
				catch (DuplicateKeyException ex) {
					// another replica added it meanwhile
				}
			}
		}
	}

	List<SensorTypeDocument> list() {
		return this.mongo.findAll(SensorTypeDocument.class)
			.stream()
			.sorted((a, b) -> a.name().compareTo(b.name()))
			.toList();
	}

	SensorTypeDocument get(String name) {
		SensorTypeDocument type = this.mongo.findById(name, SensorTypeDocument.class);
		if (type == null) {
			throw new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "sensor type '" + name + "' does not exist");
		}
		return type;
	}

	/** The type called {@code name}, for validating readings. */
	public Optional<SensorType> find(String name) {
		return Optional.ofNullable(this.mongo.findById(name, SensorTypeDocument.class)).map(SensorTypeDocument::toType);
	}

	void delete(Caller caller, String name) {
		SensorTypeDocument type = get(name);
		if (!caller.mayAccess(type.owner())) {
			throw new PlatformException(ErrorCodes.AUTH_FORBIDDEN,
					"sensor type '" + name + "' belongs to another developer; only they or an admin may delete it");
		}
		long users = this.mongo.count(Query.query(Criteria.where("type").is(name)), Sensor.class);
		if (users > 0) {
			throw new PlatformException(SensorErrors.SENSOR_TYPE_IN_USE,
					"sensor type '" + name + "' is used by " + users + " sensor(s)");
		}
		// announced first: a removal Kafka did not take leaves the type as it was
		this.announcer.removed(name);
		this.mongo.remove(Query.query(Criteria.where("_id").is(name)), SensorTypeDocument.class);
		log.info("[sensor-type {}] deleted by {}", name, caller.username());
	}

	private static List<SensorField> validFields(SensorTypeRequest request) {
		Violations violations = new Violations();
		if (request.name() == null || !NAME.matcher(request.name()).matches()) {
			violations.add("/name", "must match " + NAME.pattern() + ", got " + quoted(request.name()));
		}
		if (request.description() != null && request.description().length() > 500) {
			violations.add("/description", "must be at most 500 characters");
		}
		List<SensorTypeRequest.FieldRequest> fields = (request.fields() != null) ? request.fields() : List.of();
		if (fields.isEmpty()) {
			violations.add("/fields", "a sensor type needs at least one field");
		}
		if (fields.size() > MAX_FIELDS) {
			violations.add("/fields", "at most " + MAX_FIELDS + " fields, got " + fields.size());
		}
		Set<String> seen = new HashSet<>();
		List<SensorField> valid = new ArrayList<>();
		for (int i = 0; i < fields.size(); i++) {
			SensorField field = validField("/fields/" + i, fields.get(i), seen, violations);
			if (field != null) {
				valid.add(field);
			}
		}
		violations.throwIfAny("sensor type '" + request.name() + "' is invalid");
		return valid;
	}

	private static @Nullable SensorField validField(String path, SensorTypeRequest.@Nullable FieldRequest field,
			Set<String> seen, Violations violations) {
		if (field == null) {
			violations.add(path, "must be an object {name, type, unit?, min?, max?}");
			return null;
		}
		int before = violations.size();
		if (field.name() == null || !FIELD_NAME.matcher(field.name()).matches()) {
			violations.add(path + "/name", "must match " + FIELD_NAME.pattern() + ", got " + quoted(field.name()));
		}
		else if (!seen.add(field.name())) {
			violations.add(path + "/name", "'" + field.name() + "' is named twice");
		}
		FieldType type = null;
		try {
			type = (field.type() != null) ? FieldType.of(field.type()) : null;
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		if (type == null) {
			violations.add(path + "/type", "must be number, integer, boolean or string, got " + quoted(field.type()));
		}
		boolean numeric = type == FieldType.NUMBER || type == FieldType.INTEGER;
		if (!numeric && type != null && (field.min() != null || field.max() != null)) {
			violations.add(path, "min and max apply to number and integer fields only");
		}
		if (field.min() != null && field.max() != null && field.min() > field.max()) {
			violations.add(path, "min " + field.min() + " is greater than max " + field.max());
		}
		if (field.unit() != null && field.unit().length() > 20) {
			violations.add(path + "/unit", "must be at most 20 characters");
		}
		if (violations.size() > before || type == null || field.name() == null) {
			return null;
		}
		return new SensorField(field.name(), type, field.unit(), field.min(), field.max());
	}

	static String quoted(@Nullable Object value) {
		return (value == null) ? "nothing" : "'" + value + "'";
	}

}
