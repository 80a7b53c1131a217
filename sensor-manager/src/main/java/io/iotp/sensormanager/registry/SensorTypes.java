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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.iotp.contracts.errors.ErrorCodes;
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

	private final Clock clock;

	SensorTypes(MongoTemplate mongo) {
		this.mongo = mongo;
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
		log.info("[sensor-type {}] created by {} with {} fields", type.name(), caller.username(), type.fields().size());
		return type;
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
