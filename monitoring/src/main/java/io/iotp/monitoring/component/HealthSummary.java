package io.iotp.monitoring.component;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

import io.iotp.contracts.heartbeat.ComponentState;

/**
 * The platform in one word, for the UI and for load balancers: DOWN when a platform
 * service or piece of infrastructure is DOWN (not by request) or no node is UP; DEGRADED
 * when anything is SUSPECT, a node or agent is DOWN, or a critical alert is open; UP
 * otherwise.
 *
 * @param status UP, DEGRADED or DOWN
 * @param counts per kind, how many components are in each state (instances that ended on
 * request are left out)
 * @param openAlerts alerts raised and not yet resolved
 */
public record HealthSummary(String status, Map<MonitoredKind, Map<ComponentState, Integer>> counts, long openAlerts,
		Instant at) {

	public static final String UP = "UP";

	public static final String DEGRADED = "DEGRADED";

	public static final String DOWN = "DOWN";

	static HealthSummary of(Collection<ComponentRecord> components, long openAlerts, long openCritical, Instant at) {
		Map<MonitoredKind, Map<ComponentState, Integer>> counts = new EnumMap<>(MonitoredKind.class);
		boolean down = false;
		boolean degraded = openCritical > 0;
		boolean anyNode = false;
		boolean nodeUp = false;
		for (ComponentRecord component : components) {
			if (component.kind() == MonitoredKind.INSTANCE && component.state() == ComponentState.DOWN) {
				continue; // ended instances are history; a failure shows as its alert
			}
			counts.computeIfAbsent(component.kind(), k -> new EnumMap<>(ComponentState.class))
				.merge(component.state(), 1, Integer::sum);
			boolean platform = component.kind() == MonitoredKind.SERVICE
					|| component.kind() == MonitoredKind.INFRASTRUCTURE;
			if (component.kind() == MonitoredKind.NODE) {
				anyNode = true;
				nodeUp |= component.state() != ComponentState.DOWN;
			}
			if (component.state() == ComponentState.DOWN && platform) {
				down = true;
			}
			else if (component.state() != ComponentState.UP) {
				degraded = true;
			}
		}
		if (anyNode && !nodeUp) {
			down = true;
		}
		String status = down ? DOWN : degraded ? DEGRADED : UP;
		return new HealthSummary(status, counts, openAlerts, at);
	}

}
