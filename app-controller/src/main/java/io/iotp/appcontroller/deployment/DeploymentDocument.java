package io.iotp.appcontroller.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.instance.InstanceState;

/**
 * A deployment in the {@code deployments} collection. It holds everything its runs need
 * (a copy of the app version's artifact and services), so firing it never reads the app
 * registry, and every change to it is one guarded atomic update (see
 * {@link DeploymentStore}).
 *
 * @param id {@code d-...}
 * @param appId the app
 * @param version the app version it runs
 * @param owner the developer who asked for it
 * @param request the request as accepted
 * @param artifact what the deployer needs of the app version
 * @param status where it is in its life (SPEC §4)
 * @param reason why it is in that state, when there is a reason worth telling
 * @param errorCode stable code of the last failure, if it failed
 * @param url the app link, while running
 * @param instances its instances as last reported by the deployer
 * @param history every transition, oldest first
 * @param schedule when it runs, and who is firing it
 * @param stopRequested whether it was asked to stop for good (a cron deployment then does
 * not return to {@code SCHEDULED})
 * @param lastEventAt deployer time of the last status report applied; older reports are
 * stale
 * @param runs how many times it fired
 * @param outbox Kafka messages stored with the transition that caused them, until Kafka
 * has them
 * @param createdAt when it was requested
 * @param updatedAt when it last changed
 * @param requestedByAdmin whether an admin asked for it (absent in older documents:
 * false)
 */
@Document(DeploymentDocument.COLLECTION)
public record DeploymentDocument(@Id String id, String appId, String version, String owner, Request request,
		Artifact artifact, DeploymentState status, @Nullable String reason, @Nullable String errorCode,
		@Nullable String url, List<Instance> instances, List<HistoryEntry> history, Schedule schedule,
		boolean stopRequested, @Nullable Instant lastEventAt, int runs, List<OutboxMessage> outbox, Instant createdAt,
		Instant updatedAt, boolean requestedByAdmin) {

	public static final String COLLECTION = "deployments";

	public DeploymentDocument {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(status, "status");
		instances = List.copyOf(Objects.requireNonNullElse(instances, List.of()));
		history = List.copyOf(Objects.requireNonNullElse(history, List.of()));
		outbox = List.copyOf(Objects.requireNonNullElse(outbox, List.of()));
	}

	/**
	 * The deployment request as accepted.
	 *
	 * @param version the version asked for; null meant the latest
	 * @param schedule the schedule asked for
	 * @param durationMinutes length of each run; until stopped when null
	 * @param instances per-service instance count overrides
	 * @param sensors per-service explicit sensor ids
	 */
	public record Request(@Nullable String version, ScheduleSpec schedule, @Nullable Integer durationMinutes,
			Map<String, Integer> instances, Map<String, List<String>> sensors) {

		public Request {
			instances = Map.copyOf(Objects.requireNonNullElse(instances, Map.of()));
			sensors = Map.copyOf(Objects.requireNonNullElse(sensors, Map.of()));
		}

	}

	/**
	 * A schedule as asked for.
	 *
	 * @param type now, at or cron
	 * @param at the instant of an {@code at} schedule
	 * @param cron the expression of a {@code cron} schedule
	 * @param zone the time zone of the cron expression
	 */
	public record ScheduleSpec(ScheduleType type, @Nullable Instant at, @Nullable String cron, @Nullable String zone) {

	}

	/**
	 * The schedule as the clock sees it.
	 *
	 * @param type now, at or cron
	 * @param at the instant of an {@code at} schedule
	 * @param cron the expression of a {@code cron} schedule
	 * @param zone the time zone of the cron expression (UTC when null)
	 * @param nextRunAt when it fires next; null while a run is under way or when it will
	 * never fire again
	 * @param claimedBy the app-controller replica firing it right now
	 * @param leaseUntil until when that claim holds; after it, another replica may take
	 * over
	 * @param lastRunEndedAt deployer time of the end of the previous run, to tell its
	 * late reports from the next run's
	 */
	public record Schedule(ScheduleType type, @Nullable Instant at, @Nullable String cron, @Nullable String zone,
			@Nullable Instant nextRunAt, @Nullable String claimedBy, @Nullable Instant leaseUntil,
			@Nullable Instant lastRunEndedAt) {

	}

	/**
	 * What the deployer needs of the app version, copied when the deployment is
	 * requested.
	 *
	 * @param key blob-store key of the zip
	 * @param sha256 hex SHA-256 of the zip
	 * @param entryService the service behind the app link
	 * @param access who may open the app link
	 * @param services every service, defaults applied
	 * @param sensors the sensors it asks for
	 */
	public record Artifact(String key, @Nullable String sha256, @Nullable String entryService, AppAccess access,
			List<ServiceSpec> services, List<SensorRequirement> sensors) {

		public Artifact {
			services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
			sensors = List.copyOf(Objects.requireNonNullElse(sensors, List.of()));
		}

	}

	/**
	 * One instance as the deployer last reported it.
	 *
	 * @param id instance id
	 * @param service its service
	 * @param node the node it runs on, once placed
	 * @param state its state
	 * @param endpoint {@code host:port}, once listening
	 * @param runtime what runs it, {@code process} or {@code docker}, once its node said
	 */
	public record Instance(String id, String service, @Nullable String node, InstanceState state,
			@Nullable String endpoint, @Nullable String runtime) {

	}

	/**
	 * One transition.
	 *
	 * @param status the state entered
	 * @param at when
	 * @param reason why
	 */
	public record HistoryEntry(DeploymentState status, Instant at, @Nullable String reason) {

	}

	/**
	 * A Kafka message waiting to be acknowledged by the broker.
	 *
	 * @param messageId the envelope id; consumers de-duplicate by it
	 * @param topic where it goes
	 * @param key its partition key
	 * @param envelope the whole envelope as JSON, sent byte for byte the same on every
	 * retry
	 * @param createdAt when it was stored
	 */
	public record OutboxMessage(String messageId, String topic, String key, String envelope, Instant createdAt) {

	}

}
