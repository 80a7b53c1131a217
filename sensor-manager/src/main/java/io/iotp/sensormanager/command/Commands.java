package io.iotp.sensormanager.command;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.iotp.contracts.Topics;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.CommandId;
import io.iotp.sensormanager.registry.Sensor;
import io.iotp.sensormanager.registry.Violations;
import io.iotp.starter.MessagePublisher;

/**
 * Commands: accepted as PENDING, published on {@code sensor-commands}, pushed to MQTT
 * devices (DELIVERED on their PUBACK) or polled by HTTP devices (DELIVERED when polled),
 * ACKED when the device says so, EXPIRED by the sweeper when their time runs out first.
 * Each transition is one guarded update.
 */
@Service
public class Commands {

	private static final Logger log = LoggerFactory.getLogger(Commands.class);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final List<CommandStatus> OPEN = List.of(CommandStatus.PENDING, CommandStatus.DELIVERED);

	private final MongoTemplate mongo;

	private final MessagePublisher publisher;

	private final CommandProperties properties;

	private final List<CommandLink> links;

	Commands(MongoTemplate mongo, MessagePublisher publisher, CommandProperties properties, List<CommandLink> links) {
		this.mongo = mongo;
		this.publisher = publisher;
		this.properties = properties;
		this.links = links;
	}

	Command issue(Sensor sensor, String owner, CommandRequest request) {
		Duration ttl = validTtl(request);
		Instant now = Instant.now();
		Map<String, Object> args = (request.args() != null) ? new LinkedHashMap<>(request.args()) : Map.of();
		Command command = new Command(CommandId.random().value(), sensor.id(), owner, request.name(), args,
				CommandStatus.PENDING, now, now.plus(ttl), null, null, null, false, null);
		this.mongo.insert(command);
		log.info("[sensor {}] command {} '{}' issued by {}, expires {}", sensor.id(), command.id(), command.name(),
				owner, command.expiresAt());
		publish(command);
		offer(command);
		return command;
	}

	Command get(String sensorId, String commandId) {
		Command command = this.mongo
			.findOne(Query.query(Criteria.where("_id").is(commandId).and("sensorId").is(sensorId)), Command.class);
		if (command == null) {
			throw new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND,
					"sensor '" + sensorId + "' has no command '" + commandId + "'");
		}
		return command;
	}

	/**
	 * What an HTTP device polls: its open commands, oldest first; the PENDING ones become
	 * DELIVERED.
	 */
	List<Command> poll(String sensorId) {
		Instant now = Instant.now();
		List<Command> open = this.mongo
			.find(Query.query(Criteria.where("sensorId").is(sensorId).and("status").in(OPEN).and("expiresAt").gt(now))
				.with(Sort.by("createdAt", "_id"))
				.limit(this.properties.maxPending()), Command.class);
		return open.stream()
			.map((command) -> (command.status() == CommandStatus.PENDING)
					? Objects.requireNonNullElse(markDelivered(command.id()), command) : command)
			.toList();
	}

	/**
	 * PENDING → DELIVERED; null if it was not PENDING (delivered already, acked,
	 * expired).
	 */
	public @Nullable Command markDelivered(String commandId) {
		Command delivered = this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(commandId).and("status").is(CommandStatus.PENDING)),
				new Update().set("status", CommandStatus.DELIVERED).set("deliveredAt", Instant.now()),
				FindAndModifyOptions.options().returnNew(true), Command.class);
		if (delivered != null) {
			log.info("[sensor {}] command {} delivered", delivered.sensorId(), commandId);
		}
		return delivered;
	}

	/**
	 * The device confirms the command. Acknowledging twice is fine; acknowledging an
	 * expired one is a conflict.
	 */
	public Command acknowledge(String sensorId, String commandId, @Nullable Object result) {
		new Violations().storable("/result", result).throwIfAny("acknowledgement is invalid");
		Instant now = Instant.now();
		Update update = new Update().set("status", CommandStatus.ACKED).set("ackedAt", now).set("result", result);
		Command acked = this.mongo.findAndModify(Query.query(Criteria.where("_id")
			.is(commandId)
			.and("sensorId")
			.is(sensorId)
			.and("status")
			.in(OPEN)
			.and("expiresAt")
			.gt(now)), update, FindAndModifyOptions.options().returnNew(true), Command.class);
		if (acked != null) {
			log.info("[sensor {}] command {} acknowledged", sensorId, commandId);
			return acked;
		}
		Command command = get(sensorId, commandId);
		if (command.status() == CommandStatus.ACKED) {
			return command;
		}
		throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT,
				"command '"
						+ commandId + "' is " + command.status() + ((command.status() == CommandStatus.EXPIRED)
								? " since " + command.expiresAt() : " and expired at " + command.expiresAt())
						+ "; it can no longer be acknowledged");
	}

	/** PENDING commands of a sensor that just subscribed, oldest first. */
	public List<Command> pendingFor(String sensorId) {
		return this.mongo.find(Query
			.query(Criteria.where("sensorId")
				.is(sensorId)
				.and("status")
				.is(CommandStatus.PENDING)
				.and("expiresAt")
				.gt(Instant.now()))
			.with(Sort.by("createdAt", "_id"))
			.limit(this.properties.maxPending()), Command.class);
	}

	/**
	 * Remembers that the command went out over MQTT, so the sweeper does not resend it
	 * too soon.
	 */
	public void markSent(String commandId) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(commandId)),
				new Update().set("lastSentAt", Instant.now()), Command.class);
	}

	@Scheduled(fixedDelayString = "${iotp.sensors.commands.sweep-interval:1s}")
	void sweep() {
		Instant now = Instant.now();
		long expired = this.mongo
			.updateMulti(Query.query(Criteria.where("status").in(OPEN).and("expiresAt").lte(now)),
					new Update().set("status", CommandStatus.EXPIRED), Command.class)
			.getModifiedCount();
		if (expired > 0) {
			log.info("{} commands expired", expired);
		}
		for (Command unpublished : this.mongo.find(
				Query.query(Criteria.where("published").is(false).and("createdAt").lt(now.minusSeconds(5))).limit(100),
				Command.class)) {
			publish(unpublished);
		}
		resendToSubscribers(now);
	}

	private void resendToSubscribers(Instant now) {
		for (CommandLink link : this.links) {
			Set<String> subscribed = link.subscribedSensors();
			if (subscribed.isEmpty()) {
				continue;
			}
			Instant before = now.minus(this.properties.resendAfter());
			List<Command> due = this.mongo.find(Query
				.query(Criteria.where("sensorId")
					.in(subscribed)
					.and("status")
					.is(CommandStatus.PENDING)
					.and("expiresAt")
					.gt(now)
					.orOperator(Criteria.where("lastSentAt").is(null), Criteria.where("lastSentAt").lt(before)))
				.limit(1000), Command.class);
			for (Command command : due) {
				if (link.offer(command)) {
					markSent(command.id());
				}
			}
		}
	}

	private void offer(Command command) {
		for (CommandLink link : this.links) {
			if (link.offer(command)) {
				markSent(command.id());
				return;
			}
		}
	}

	private void publish(Command command) {
		// async: the MongoDB update must not run on the Kafka producer's network thread
		this.publisher.publish(Topics.SENSOR_COMMANDS, command.toMessage()).whenCompleteAsync((sent, failure) -> {
			if (failure == null) {
				this.mongo.updateFirst(Query.query(Criteria.where("_id").is(command.id())),
						new Update().set("published", true), Command.class);
			}
			else {
				log.warn("[sensor {}] command {} not yet on {}, the sweeper retries: {}", command.sensorId(),
						command.id(), Topics.SENSOR_COMMANDS, failure.getMessage());
			}
		});
	}

	private Duration validTtl(CommandRequest request) {
		Violations violations = new Violations();
		if (request.name() == null || !NAME.matcher(request.name()).matches()) {
			violations.add("/name", "must match " + NAME.pattern() + ", got "
					+ ((request.name() == null) ? "nothing" : "'" + request.name() + "'"));
		}
		long maxSeconds = this.properties.maxTtl().toSeconds();
		if (request.ttlSeconds() != null && (request.ttlSeconds() < 1 || request.ttlSeconds() > maxSeconds)) {
			violations.add("/ttlSeconds", "must be between 1 and " + maxSeconds + ", got " + request.ttlSeconds());
		}
		if (request.args() != null && request.args().size() > 100) {
			violations.add("/args", "at most 100 arguments, got " + request.args().size());
		}
		violations.storable("/args", request.args());
		violations.throwIfAny("command is invalid");
		return (request.ttlSeconds() != null) ? Duration.ofSeconds(request.ttlSeconds()) : this.properties.defaultTtl();
	}

}
