package io.iotp.nodemanager.placement;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.iotp.contracts.app.Resources;
import io.iotp.nodemanager.NodeManagerProperties;

/**
 * Resources promised by a placement answer but not yet claimed by a start command. A hold
 * ends when the start command is seen (the reservation then counts instead) or after the
 * configured time (the deployer gave up).
 */
@Component
class ProvisionalHolds {

	private final Map<String, Hold> holds = new ConcurrentHashMap<>();

	private final NodeManagerProperties properties;

	private final Clock clock;

	ProvisionalHolds(NodeManagerProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	void hold(String requestId, String nodeId, String deploymentId, String service, Resources resources) {
		this.holds.put(requestId, new Hold(nodeId, deploymentId, service, resources,
				this.clock.instant().plus(this.properties.provisionalHold())));
	}

	void settle(String nodeId, String deploymentId, String service) {
		this.holds.entrySet()
			.stream()
			.filter(hold -> hold.getValue().matches(nodeId, deploymentId, service))
			.findFirst()
			.ifPresent(hold -> this.holds.remove(hold.getKey()));
	}

	List<Hold> current() {
		Instant now = this.clock.instant();
		this.holds.values().removeIf(hold -> hold.until().isBefore(now));
		return List.copyOf(this.holds.values());
	}

	record Hold(String nodeId, String deploymentId, String service, Resources resources, Instant until) {

		boolean matches(String node, String deployment, String serviceName) {
			return this.nodeId.equals(node) && this.deploymentId.equals(deployment) && this.service.equals(serviceName);
		}

	}

}
