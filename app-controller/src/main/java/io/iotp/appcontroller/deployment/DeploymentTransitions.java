package io.iotp.appcontroller.deployment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.InstanceSummary;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.SensorId;

import static io.iotp.contracts.deployment.DeploymentState.CANCELLED;
import static io.iotp.contracts.deployment.DeploymentState.DEPLOYING;
import static io.iotp.contracts.deployment.DeploymentState.FAILED;
import static io.iotp.contracts.deployment.DeploymentState.RUNNING;
import static io.iotp.contracts.deployment.DeploymentState.SCHEDULED;
import static io.iotp.contracts.deployment.DeploymentState.STOPPED;
import static io.iotp.contracts.deployment.DeploymentState.STOPPING;

/**
 * The deployment state machine of SPEC §4. Each method is one guarded update (see
 * {@link DeploymentStore#transition}); a transition that must tell the deployer stores
 * its message in the deployment's outbox in that same update and publishes it afterwards.
 *
 * <pre>
 * SCHEDULED ─fire─▶ DEPLOYING ─▶ RUNNING ─▶ STOPPING ─▶ STOPPED
 *     │                 └──────────┴──────────┴──────▶ FAILED
 *     └─delete─▶ CANCELLED          (cron: STOPPED/FAILED ─▶ SCHEDULED, next run)
 * </pre>
 */
@Component
public class DeploymentTransitions {

	private static final Logger log = LoggerFactory.getLogger(DeploymentTransitions.class);

	private static final List<DeploymentState> UNDER_WAY = List.of(DEPLOYING, RUNNING, STOPPING);

	private final DeploymentStore store;

	private final Outbox outbox;

	private final Clock clock;

	DeploymentTransitions(DeploymentStore store, Outbox outbox, Clock clock) {
		this.store = store;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * {@code SCHEDULED → DEPLOYING} for a schedule this replica has claimed, with
	 * {@code DeploymentRequested} on {@code scheduler-to-deployer}.
	 * @return the deployment, if this replica still held the claim and it was still
	 * scheduled
	 */
	public Optional<DeploymentDocument> fire(DeploymentDocument claimed, String replica) {
		Instant now = this.clock.instant();
		int run = claimed.runs() + 1;
		DeploymentDocument.OutboxMessage message = this.outbox.prepare(Topics.SCHEDULER_TO_DEPLOYER, claimed.id(),
				requested(claimed));
		String reason = "run " + run + ": " + describe(claimed.schedule()) + " fired";
		Update update = new Update().set("status", DEPLOYING)
			.set("reason", null)
			.set("errorCode", null)
			.set("url", null)
			.set("instances", List.of())
			.set("schedule.nextRunAt", null)
			.set("schedule.claimedBy", null)
			.set("schedule.leaseUntil", null)
			.set("updatedAt", now)
			.inc("runs", 1)
			.push("history", new DeploymentDocument.HistoryEntry(DEPLOYING, now, reason))
			.push("outbox", message);
		Optional<DeploymentDocument> fired = this.store.transition(claimed.id(), List.of(SCHEDULED),
				Criteria.where("schedule.claimedBy").is(replica), update);
		fired.ifPresent((deployment) -> {
			log.info("[deployment {}] {} {} {}: DeploymentRequested {}", deployment.id(), deployment.appId(),
					deployment.version(), reason, message.messageId());
			this.outbox.publish(deployment);
		});
		return fired;
	}

	/**
	 * Stops a deployment for good, as its developer asked: {@code SCHEDULED → CANCELLED},
	 * or {@code DEPLOYING/RUNNING → STOPPING} with {@code StopDeployment} to the
	 * deployer. A deployment already stopping or finished is left as it is (deleting is
	 * idempotent).
	 */
	DeploymentDocument stop(DeploymentDocument deployment, String by) {
		DeploymentDocument current = deployment;
		for (int attempt = 0; attempt < 5; attempt++) {
			Optional<DeploymentDocument> changed = switch (current.status()) {
				case SCHEDULED -> cancel(current.id(), by);
				case DEPLOYING, RUNNING -> requestStop(current.id(), by);
				case STOPPING -> this.store.transition(current.id(), List.of(STOPPING), new Criteria(),
						new Update().set("stopRequested", true).set("updatedAt", this.clock.instant()));
				case STOPPED, FAILED, CANCELLED -> Optional.of(current);
			};
			if (changed.isPresent()) {
				return changed.get();
			}
			current = this.store.find(current.id()).orElse(current);
		}
		return current;
	}

	private Optional<DeploymentDocument> cancel(String id, String by) {
		Instant now = this.clock.instant();
		String reason = "cancelled by " + by;
		Update update = new Update().set("status", CANCELLED)
			.set("reason", reason)
			.set("stopRequested", true)
			.set("schedule.nextRunAt", null)
			.set("schedule.claimedBy", null)
			.set("schedule.leaseUntil", null)
			.set("updatedAt", now)
			.push("history", new DeploymentDocument.HistoryEntry(CANCELLED, now, reason));
		Optional<DeploymentDocument> cancelled = this.store.transition(id, List.of(SCHEDULED), new Criteria(), update);
		cancelled.ifPresent((deployment) -> log.info("[deployment {}] {}", id, reason));
		return cancelled;
	}

	private Optional<DeploymentDocument> requestStop(String id, String by) {
		Instant now = this.clock.instant();
		String reason = "stop requested by " + by;
		DeploymentDocument.OutboxMessage message = this.outbox.prepare(Topics.SCHEDULER_TO_DEPLOYER, id,
				new StopDeployment(DeploymentId.of(id), reason));
		Update update = new Update().set("status", STOPPING)
			.set("reason", reason)
			.set("stopRequested", true)
			.set("updatedAt", now)
			.push("history", new DeploymentDocument.HistoryEntry(STOPPING, now, reason))
			.push("outbox", message);
		Optional<DeploymentDocument> stopping = this.store.transition(id, List.of(DEPLOYING, RUNNING), new Criteria(),
				update);
		stopping.ifPresent((deployment) -> {
			log.info("[deployment {}] {}: StopDeployment {}", id, reason, message.messageId());
			this.outbox.publish(deployment);
		});
		return stopping;
	}

	/**
	 * Applies what the deployer reported. Reports that do not fit the current state
	 * (duplicates, late ones, a {@code RUNNING} after a stop was requested or after the
	 * end) change nothing; so do reports of a cron deployment's previous run, recognised
	 * by their time.
	 * @return whether the report changed the deployment
	 */
	public boolean apply(DeploymentStatusChanged report) {
		String id = report.deploymentId().value();
		try (MDC.MDCCloseable deployment = MDC.putCloseable("deploymentId", id)) {
			// MongoDB keeps milliseconds: compare at that precision, or a replayed report
			// would look newer
			Instant at = ((report.at() != null) ? report.at() : this.clock.instant()).truncatedTo(ChronoUnit.MILLIS);
			Optional<DeploymentDocument> applied = switch (report.status()) {
				case DEPLOYING -> refresh(id, DEPLOYING, report, at);
				case RUNNING -> enter(id, List.of(DEPLOYING), report, at).or(() -> refresh(id, RUNNING, report, at));
				case STOPPING ->
					enter(id, List.of(DEPLOYING, RUNNING), report, at).or(() -> refresh(id, STOPPING, report, at));
				case STOPPED, FAILED -> end(id, report, at);
				case SCHEDULED, CANCELLED -> Optional.empty();
			};
			if (applied.isEmpty()) {
				log.debug("[deployment {}] ignored a stale or out-of-order {} report", id, report.status());
			}
			return applied.isPresent();
		}
	}

	private Optional<DeploymentDocument> enter(String id, List<DeploymentState> from, DeploymentStatusChanged report,
			Instant at) {
		String reason = (report.reason() != null) ? report.reason() : defaultReason(report.status());
		Update update = reported(report, at).set("status", report.status())
			.set("reason", reason)
			.push("history", new DeploymentDocument.HistoryEntry(report.status(), at, reason));
		Optional<DeploymentDocument> entered = this.store.transition(id, from, notStale(at), update);
		entered.ifPresent((deployment) -> log.info("[deployment {}] {}{}", id, report.status(),
				(report.url() != null) ? " at " + report.url() : ""));
		return entered;
	}

	/**
	 * Same state, newer instance details. A running deployment's report with a reason (an
	 * instance replaced after its node was lost or it kept failing) is also an entry of
	 * its history.
	 */
	private Optional<DeploymentDocument> refresh(String id, DeploymentState state, DeploymentStatusChanged report,
			Instant at) {
		Criteria newer = new Criteria().orOperator(Criteria.where("lastEventAt").is(null),
				Criteria.where("lastEventAt").lt(at));
		Update update = reported(report, at);
		if (state == RUNNING && report.reason() != null) {
			update.set("reason", report.reason())
				.push("history", new DeploymentDocument.HistoryEntry(RUNNING, at, report.reason()));
		}
		Optional<DeploymentDocument> refreshed = this.store.transition(id, List.of(state),
				new Criteria().andOperator(notStale(at), newer), update);
		if (refreshed.isPresent() && state == RUNNING && report.reason() != null) {
			log.info("[deployment {}] still RUNNING: {}", id, report.reason());
		}
		return refreshed;
	}

	/**
	 * The end of a run: {@code STOPPED} or {@code FAILED}, or, for a cron deployment
	 * nobody stopped, straight back to {@code SCHEDULED} for its next run (the history
	 * keeps how the run ended).
	 */
	private Optional<DeploymentDocument> end(String id, DeploymentStatusChanged report, Instant at) {
		Optional<DeploymentDocument> current = this.store.find(id);
		if (current.isEmpty() || !UNDER_WAY.contains(current.get().status())) {
			return Optional.empty();
		}
		DeploymentDocument.Schedule schedule = current.get().schedule();
		Instant now = this.clock.instant();
		String reason = (report.reason() != null) ? report.reason() : defaultReason(report.status());
		DeploymentDocument.HistoryEntry ended = new DeploymentDocument.HistoryEntry(report.status(), at, reason);
		Instant next = (schedule.type() == ScheduleType.CRON && schedule.cron() != null)
				? CronSchedules.next(schedule.cron(), schedule.zone(), now) : null;
		if (next != null && !current.get().stopRequested()) {
			Update rescheduled = reported(report, at).set("status", SCHEDULED)
				.set("reason", "next run at " + next)
				.set("url", null)
				.set("schedule.nextRunAt", next)
				.set("schedule.lastRunEndedAt", at)
				.push("history")
				.each(ended, new DeploymentDocument.HistoryEntry(SCHEDULED, now, "next run at " + next));
			Criteria cronNotStopped = new Criteria().andOperator(notStale(at),
					Criteria.where("stopRequested").is(false));
			Optional<DeploymentDocument> again = this.store.transition(id, UNDER_WAY, cronNotStopped, rescheduled);
			if (again.isPresent()) {
				log.info("[deployment {}] run {} {}: {}; next run at {}", id, again.get().runs(), report.status(),
						reason, next);
				return again;
			}
		}
		Update finished = reported(report, at).set("status", report.status())
			.set("reason", reason)
			.set("url", null)
			.set("schedule.nextRunAt", null)
			.set("schedule.lastRunEndedAt", at)
			.push("history", ended);
		Optional<DeploymentDocument> done = this.store.transition(id, UNDER_WAY, notStale(at), finished);
		done.ifPresent((deployment) -> log.info("[deployment {}] {}: {}", id, report.status(), reason));
		return done;
	}

	/** The instance details, app link and failure code of a report. */
	private Update reported(DeploymentStatusChanged report, Instant at) {
		Update update = new Update()
			.set("instances", report.instances().stream().map(DeploymentTransitions::instance).toList())
			.set("lastEventAt", at)
			.set("updatedAt", this.clock.instant());
		if (report.url() != null) {
			update.set("url", report.url());
		}
		if (report.errorCode() != null) {
			update.set("errorCode", report.errorCode());
		}
		return update;
	}

	/** Reports from before the end of the previous run belong to that run. */
	private static Criteria notStale(Instant at) {
		return new Criteria().orOperator(Criteria.where("schedule.lastRunEndedAt").is(null),
				Criteria.where("schedule.lastRunEndedAt").lt(at));
	}

	private static DeploymentDocument.Instance instance(InstanceSummary summary) {
		return new DeploymentDocument.Instance(summary.instanceId().value(), summary.service(),
				(summary.nodeId() != null) ? summary.nodeId().value() : null, summary.state(), summary.endpoint(),
				(summary.runtime() != null) ? summary.runtime().wireName() : null);
	}

	private static String defaultReason(DeploymentState state) {
		return switch (state) {
			case RUNNING -> "every service has its instances healthy";
			case STOPPING -> "stopping its instances";
			case STOPPED -> "every instance stopped";
			case FAILED -> "the deployer reported a failure";
			default -> state.name().toLowerCase(Locale.ROOT);
		};
	}

	/** Everything the deployer needs, from the deployment alone. */
	static DeploymentRequested requested(DeploymentDocument deployment) {
		DeploymentDocument.Artifact artifact = deployment.artifact();
		DeploymentDocument.Request request = deployment.request();
		Map<String, List<SensorId>> bindings = new LinkedHashMap<>();
		request.sensors().forEach((service, ids) -> bindings.put(service, ids.stream().map(SensorId::of).toList()));
		return new DeploymentRequested(DeploymentId.of(deployment.id()), AppId.of(deployment.appId()),
				deployment.version(), deployment.owner(), artifact.key(), artifact.sha256(), artifact.entryService(),
				artifact.access(), artifact.services(), request.durationMinutes(), request.instances(),
				artifact.sensors(), bindings, deployment.requestedByAdmin());
	}

	static String describe(DeploymentDocument.Schedule schedule) {
		return describe(schedule.type(), schedule.at(), schedule.cron(), schedule.zone());
	}

	static String describe(ScheduleType type, @Nullable Instant at, @Nullable String cron, @Nullable String zone) {
		return switch (type) {
			case NOW -> "schedule 'now'";
			case AT -> "schedule 'at " + at + "'";
			case CRON -> "cron '" + cron + "' (" + ((zone != null) ? zone : "UTC") + ")";
		};
	}

}
