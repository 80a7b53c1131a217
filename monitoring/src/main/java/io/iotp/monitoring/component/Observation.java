package io.iotp.monitoring.component;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.heartbeat.ComponentState;

/**
 * What the detector makes of one source at one moment, before comparing with what is
 * stored.
 *
 * @param state what the source looks like now; null when it is not yet worth tracking (an
 * instance still starting that was never healthy)
 * @param stopped whether it ended on request (said it is stopping, or an instance
 * stopped)
 * @param wasUp whether it is known to have been UP before, even if the detector never saw
 * it so (an instance healthy for less than a check interval, or whose reports arrived in
 * one batch)
 */
record Observation(String id, MonitoredKind kind, @Nullable ComponentState state, String reason, boolean stopped,
		Instant lastSeen, @Nullable String host, @Nullable Long pid, @Nullable String nodeId, @Nullable String replica,
		@Nullable String deploymentId, @Nullable String app, @Nullable String service, boolean wasUp) {

}
