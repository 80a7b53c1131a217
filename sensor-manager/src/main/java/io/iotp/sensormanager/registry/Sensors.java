package io.iotp.sensormanager.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.SensorId;
import io.iotp.starter.security.Caller;

/**
 * Registered sensors. A developer sees and changes only their own (another's answers 404,
 * so its existence does not leak); admins all. Every change is announced as a
 * {@link SensorChanged} event.
 */
@Service
public class Sensors {

	private static final Logger log = LoggerFactory.getLogger(Sensors.class);

	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");

	private static final int MAX_METADATA = 50;

	private final MongoTemplate mongo;

	private final SensorTypes types;

	private final ApplicationEventPublisher events;

	private final Clock clock = Clock.systemUTC();

	Sensors(MongoTemplate mongo, SensorTypes types, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.types = types;
		this.events = events;
	}

	/**
	 * Registers a sensor and returns it with its API key, which is not stored and never
	 * shown again.
	 */
	Created create(Caller caller, SensorRequest request) {
		Violations violations = validate(request);
		if (request.id() != null && !ID.matcher(request.id()).matches()) {
			violations.add("/id", "must match " + ID.pattern() + ", got '" + request.id() + "'");
		}
		violations.throwIfAny("sensor is invalid");
		requireType(request.type());
		String key = SensorKeys.generate();
		Instant now = this.clock.instant();
		String id = (request.id() != null) ? request.id() : SensorId.random().value();
		Sensor sensor = new Sensor(id, request.type(), request.location(), metadata(request), caller.username(),
				SensorKeys.hash(key), now, now);
		try {
			this.mongo.insert(sensor);
		}
		catch (DuplicateKeyException ex) {
			throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "sensor id '" + id + "' is taken");
		}
		log.info("[sensor {}] registered by {}: type {} at {}", id, caller.username(), sensor.type(),
				sensor.location());
		this.events.publishEvent(new SensorChanged(sensor, SensorChanged.Change.CREATED));
		return new Created(sensor, key);
	}

	List<Sensor> list(Caller caller, @Nullable String type, @Nullable String location) {
		Query query = new Query();
		if (!caller.isAdmin()) {
			query.addCriteria(Criteria.where("owner").is(caller.username()));
		}
		if (type != null && !type.isBlank()) {
			query.addCriteria(Criteria.where("type").is(type));
		}
		if (location != null && !location.isBlank()) {
			query.addCriteria(Criteria.where("location").is(location));
		}
		return this.mongo.find(query.with(Sort.by("_id")), Sensor.class);
	}

	/** The sensor if the caller may see it; 404 otherwise, whether it exists or not. */
	public Sensor get(Caller caller, String id) {
		return find(id).filter((sensor) -> caller.mayAccess(sensor.owner()))
			.orElseThrow(
					() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "sensor '" + id + "' does not exist"));
	}

	/** The sensor, whoever owns it (device authentication, bindings). */
	public Optional<Sensor> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, Sensor.class));
	}

	/** Sensors of one owner, type and location, oldest id first (bindings). */
	public List<Sensor> matching(String owner, String type, String location) {
		return this.mongo
			.find(Query.query(Criteria.where("owner").is(owner).and("type").is(type).and("location").is(location))
				.with(Sort.by("_id")), Sensor.class);
	}

	Sensor update(Caller caller, String id, SensorRequest request) {
		get(caller, id);
		validate(request).throwIfAny("sensor '" + id + "' is invalid");
		requireType(request.type());
		Sensor updated = this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id)),
				new Update().set("type", request.type())
					.set("location", request.location())
					.set("metadata", metadata(request))
					.set("updatedAt", this.clock.instant()),
				FindAndModifyOptions.options().returnNew(true), Sensor.class);
		if (updated == null) {
			throw new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "sensor '" + id + "' does not exist");
		}
		log.info("[sensor {}] updated by {}: type {} at {}", id, caller.username(), updated.type(), updated.location());
		this.events.publishEvent(new SensorChanged(updated, SensorChanged.Change.UPDATED));
		return updated;
	}

	/**
	 * A new key for the sensor; the old one stops working at once (connections using it
	 * are closed).
	 */
	Created rotateKey(Caller caller, String id) {
		get(caller, id);
		String key = SensorKeys.generate();
		Sensor updated = this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id)),
				new Update().set("keyHash", SensorKeys.hash(key)).set("updatedAt", this.clock.instant()),
				FindAndModifyOptions.options().returnNew(true), Sensor.class);
		if (updated == null) {
			throw new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "sensor '" + id + "' does not exist");
		}
		log.info("[sensor {}] key rotated by {}", id, caller.username());
		this.events.publishEvent(new SensorChanged(updated, SensorChanged.Change.KEY_ROTATED));
		return new Created(updated, key);
	}

	void delete(Caller caller, String id) {
		Sensor sensor = get(caller, id);
		this.mongo.remove(Query.query(Criteria.where("_id").is(id)), Sensor.class);
		log.info("[sensor {}] deleted by {}", id, caller.username());
		this.events.publishEvent(new SensorChanged(sensor, SensorChanged.Change.DELETED));
	}

	private void requireType(@Nullable String type) {
		if (type == null || this.types.find(type).isEmpty()) {
			throw new PlatformException(ErrorCodes.SENSOR_UNKNOWN_TYPE, "sensor type '" + type + "' does not exist");
		}
	}

	private static Violations validate(SensorRequest request) {
		Violations violations = new Violations();
		if (request.type() == null || request.type().isBlank()) {
			violations.add("/type", "a sensor needs a type");
		}
		if (request.location() == null || request.location().isBlank() || request.location().length() > 100) {
			violations.add("/location", "a sensor needs a location of 1 to 100 characters");
		}
		if (request.metadata() != null && request.metadata().size() > MAX_METADATA) {
			violations.add("/metadata", "at most " + MAX_METADATA + " entries, got " + request.metadata().size());
		}
		violations.storable("/metadata", request.metadata());
		return violations;
	}

	private static Map<String, Object> metadata(SensorRequest request) {
		return (request.metadata() != null) ? new LinkedHashMap<>(request.metadata()) : Map.of();
	}

	/**
	 * A sensor with the API key it was just given.
	 *
	 * @param sensor the sensor
	 * @param apiKey its key in clear, shown this once
	 */
	record Created(Sensor sensor, String apiKey) {
	}

}
