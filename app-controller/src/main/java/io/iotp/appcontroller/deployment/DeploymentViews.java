package io.iotp.appcontroller.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.deployment.DeploymentState;

/** What the deployment endpoints answer. */
final class DeploymentViews {

	private DeploymentViews() {
	}

	/**
	 * The answer to requesting or stopping a deployment.
	 *
	 * @param id the deployment
	 * @param status its state right after the request
	 */
	record Accepted(String id, DeploymentState status) {

		static Accepted of(DeploymentDocument deployment) {
			return new Accepted(deployment.id(), deployment.status());
		}

	}

	/**
	 * A deployment.
	 *
	 * @param id {@code d-...}
	 * @param appId the app
	 * @param version the app version
	 * @param owner who requested it
	 * @param status its state
	 * @param reason why it is in that state
	 * @param errorCode stable code of its last failure
	 * @param url the app link, while running
	 * @param instances its instances, as last reported
	 * @param history every transition, oldest first
	 * @param schedule when it runs
	 * @param durationMinutes length of each run; until stopped when null
	 * @param instanceCounts per-service instance count overrides
	 * @param sensors per-service explicit sensor bindings
	 * @param runs how many times it fired
	 * @param createdAt when it was requested
	 * @param updatedAt when it last changed
	 */
	record Deployment(String id, String appId, String version, String owner, DeploymentState status,
			@Nullable String reason, @Nullable String errorCode, @Nullable String url,
			List<DeploymentDocument.Instance> instances, List<DeploymentDocument.HistoryEntry> history,
			Schedule schedule, @Nullable Integer durationMinutes, Map<String, Integer> instanceCounts,
			Map<String, List<String>> sensors, int runs, Instant createdAt, Instant updatedAt) {

		static Deployment of(DeploymentDocument deployment) {
			DeploymentDocument.Schedule schedule = deployment.schedule();
			DeploymentDocument.Request request = deployment.request();
			return new Deployment(deployment.id(), deployment.appId(), deployment.version(), deployment.owner(),
					deployment.status(), deployment.reason(), deployment.errorCode(), deployment.url(),
					deployment.instances(), deployment.history(),
					new Schedule(schedule.type(), schedule.at(), schedule.cron(), schedule.zone(),
							schedule.nextRunAt()),
					request.durationMinutes(), request.instances(), request.sensors(), deployment.runs(),
					deployment.createdAt(), deployment.updatedAt());
		}

	}

	/**
	 * A deployment's schedule.
	 *
	 * @param type now, at or cron
	 * @param at the instant of an {@code at} schedule
	 * @param cron the expression of a {@code cron} schedule
	 * @param zone its time zone; UTC when null
	 * @param nextRunAt when it fires next; null while running or when it will not fire
	 * again
	 */
	record Schedule(ScheduleType type, @Nullable Instant at, @Nullable String cron, @Nullable String zone,
			@Nullable Instant nextRunAt) {

	}

}
