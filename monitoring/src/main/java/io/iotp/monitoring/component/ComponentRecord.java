package io.iotp.monitoring.component;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.heartbeat.ComponentState;

/**
 * What monitoring concludes of one component, as stored and shown. Only the leading
 * replica writes it.
 *
 * @param id {@code app-controller}, {@code node:local-1} or {@code instance:i-…}
 * @param state UP, SUSPECT or DOWN
 * @param since when it entered that state
 * @param lastSeen its last heartbeat or report
 * @param reason why it is in that state, for humans
 * @param stopped whether it went DOWN because it said so (a requested stop): nothing to
 * heal or alert
 * @param host host it runs on, when known
 * @param pid process id, when known
 * @param nodeId its node (nodes, agents and instances)
 * @param replica the replica (heartbeat instance id) last heard from
 * @param deploymentId for instances: their deployment
 * @param app for instances: their app
 * @param service for instances: their service
 */
@Document("components")
public record ComponentRecord(@Id String id, MonitoredKind kind, ComponentState state, Instant since, Instant lastSeen,
		@Nullable String reason, boolean stopped, @Nullable String host, @Nullable Long pid, @Nullable String nodeId,
		@Nullable String replica, @Nullable String deploymentId, @Nullable String app, @Nullable String service) {

	ComponentRecord moved(ComponentState newState, Instant at, String why, boolean byRequest) {
		return new ComponentRecord(this.id, this.kind, newState, at, this.lastSeen, why, byRequest, this.host, this.pid,
				this.nodeId, this.replica, this.deploymentId, this.app, this.service);
	}

	ComponentRecord seen(Observation observation) {
		return new ComponentRecord(this.id, this.kind, this.state, this.since, observation.lastSeen(), this.reason,
				this.stopped, observation.host(), observation.pid(), observation.nodeId(), observation.replica(),
				observation.deploymentId(), observation.app(), observation.service());
	}

	static ComponentRecord first(Observation observation, ComponentState state, Instant at, String why) {
		return new ComponentRecord(observation.id(), observation.kind(), state, at, observation.lastSeen(), why, false,
				observation.host(), observation.pid(), observation.nodeId(), observation.replica(),
				observation.deploymentId(), observation.app(), observation.service());
	}

}
