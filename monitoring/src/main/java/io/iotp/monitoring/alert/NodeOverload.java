package io.iotp.monitoring.alert;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.monitoring.component.ComponentEvents;
import io.iotp.monitoring.component.ComponentRecord;
import io.iotp.monitoring.component.Observations;

/**
 * A node whose CPU load or memory use reaches its threshold raises one
 * {@code node-overloaded} alert, resolved once the node is a margin below the threshold
 * again (so a node hovering at the line does not raise one alert a second).
 */
@Component
class NodeOverload implements ComponentEvents {

	static final String NODE_OVERLOADED = "node-overloaded";

	private final Observations observations;

	private final Alerts alerts;

	private final AlertProperties properties;

	private final Set<String> overloaded = new HashSet<>();

	NodeOverload(Observations observations, Alerts alerts, AlertProperties properties) {
		this.observations = observations;
		this.alerts = alerts;
		this.properties = properties;
	}

	@Override
	public void checked(Collection<ComponentRecord> components) {
		for (NodeHeartbeat node : this.observations.nodeHeartbeats()) {
			String id = node.nodeId().value();
			double cpu = node.usage().cpuPercent();
			double memory = (node.capacity() != null && node.capacity().memoryMb() > 0)
					? 100.0 * node.usage().memoryMb() / node.capacity().memoryMb() : 0;
			boolean over = cpu >= this.properties.overloadCpuPercent()
					|| memory >= this.properties.overloadMemoryPercent();
			boolean clear = cpu < this.properties.overloadCpuPercent() - this.properties.overloadClearMargin()
					&& memory < this.properties.overloadMemoryPercent() - this.properties.overloadClearMargin();
			String usage = String.format("CPU %.0f %%, memory %d MB (%.0f %% of its capacity)", cpu,
					node.usage().memoryMb(), memory);
			if (over && this.overloaded.add(id)) {
				this.alerts.raise(NODE_OVERLOADED, id, null, AlertSeverity.WARNING,
						"node " + id + " is overloaded: " + usage, null);
			}
			else if (clear && this.overloaded.remove(id)) {
				this.alerts.resolve(NODE_OVERLOADED, id, "node " + id + " is no longer overloaded: " + usage);
			}
		}
	}

}
