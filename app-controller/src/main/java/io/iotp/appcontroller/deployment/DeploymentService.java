package io.iotp.appcontroller.deployment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.iotp.appcontroller.app.AppDocument;
import io.iotp.appcontroller.app.AppService;
import io.iotp.appcontroller.app.AppVersion;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.starter.security.Caller;
import tools.jackson.databind.JsonNode;

/** Deployments as their developers see them: request, list, show, stop. */
@Service
public class DeploymentService {

	private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

	private final AppService apps;

	private final DeploymentRequests requests;

	private final DeploymentStore store;

	private final DeploymentTransitions transitions;

	private final Clock clock;

	DeploymentService(AppService apps, DeploymentRequests requests, DeploymentStore store,
			DeploymentTransitions transitions, Clock clock) {
		this.apps = apps;
		this.requests = requests;
		this.store = store;
		this.transitions = transitions;
		this.clock = clock;
	}

	/**
	 * Schedules a deployment of one of the caller's apps; the schedule clock fires it
	 * when due.
	 * @throws PlatformException 404 for an unknown app, 400 listing every problem of the
	 * request
	 */
	public DeploymentDocument create(Caller caller, String appId, @Nullable JsonNode body) {
		AppDocument app = this.apps.get(caller, appId);
		DeploymentRequests.Accepted accepted = this.requests.accept(app, body);
		AppVersion version = accepted.version();
		DeploymentDocument.ScheduleSpec spec = accepted.request().schedule();
		Instant now = this.clock.instant();
		String reason = "requested by " + caller.username() + ", "
				+ DeploymentTransitions.describe(spec.type(), spec.at(), spec.cron(), spec.zone()) + ", first run at "
				+ accepted.firstRun();
		DeploymentDocument deployment = new DeploymentDocument(DeploymentId.random().value(), app.id(),
				version.version(), caller.username(), accepted.request(),
				new DeploymentDocument.Artifact(version.artifactKey(), version.sha256(), version.entryService(),
						version.access(), version.services(), version.sensors()),
				DeploymentState.SCHEDULED, null, null, null, List.of(),
				List.of(new DeploymentDocument.HistoryEntry(DeploymentState.SCHEDULED, now, reason)),
				new DeploymentDocument.Schedule(spec.type(), spec.at(), spec.cron(), spec.zone(), accepted.firstRun(),
						null, null, null),
				false, null, 0, List.of(), now, now, caller.isAdmin());
		this.store.insert(deployment);
		log.info("[deployment {}] app {} {} {}", deployment.id(), app.id(), version.version(), reason);
		return deployment;
	}

	/**
	 * The caller's deployments (everyone's for an admin), newest first, optionally of one
	 * app.
	 */
	public List<DeploymentDocument> list(Caller caller, @Nullable String appId) {
		return this.store.findAll(caller.isAdmin() ? null : caller.username(), appId);
	}

	/**
	 * @throws PlatformException 404 if there is no such deployment the caller may see
	 */
	public DeploymentDocument get(Caller caller, String id) {
		return this.store.find(id)
			.filter((deployment) -> caller.mayAccess(deployment.owner()))
			.orElseThrow(
					() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "there is no deployment '" + id + "'"));
	}

	/**
	 * Stops a deployment for good (cancels it if it has not started); idempotent.
	 * @throws PlatformException 404 if there is no such deployment the caller may see
	 */
	public DeploymentDocument stop(Caller caller, String id) {
		return this.transitions.stop(get(caller, id), caller.username());
	}

}
