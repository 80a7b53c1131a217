package io.iotp.monitoring.alert;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.monitoring.component.ComponentEvents;
import io.iotp.monitoring.component.ComponentRecord;
import io.iotp.monitoring.component.MonitoredKind;

/**
 * One alert per fault the detector finds, and its resolution: a platform component or
 * node DOWN is critical and resolved when it is UP again; an instance that failed for
 * good is a warning resolved when a healthy instance of the same service of the same
 * deployment (its replacement) appears. Instances lost with their node raise nothing of
 * their own: the node's alert covers them.
 */
@Component
class FaultAlerts implements ComponentEvents {

	static final String COMPONENT_DOWN = "component-down";

	static final String NODE_DOWN = "node-down";

	static final String INSTANCE_FAILED = "instance-failed";

	private final Alerts alerts;

	FaultAlerts(Alerts alerts) {
		this.alerts = alerts;
	}

	@Override
	public void down(ComponentRecord component) {
		switch (component.kind()) {
			case SERVICE, INFRASTRUCTURE,
					NODE_AGENT ->
				this.alerts
					.raise(COMPONENT_DOWN, component.id(), null, AlertSeverity.CRITICAL,
							label(component.kind()) + " " + component.id() + " is DOWN: " + component.reason()
									+ " (last heard from pid " + component.pid() + " on " + component.host() + ")",
							null);
			case NODE -> this.alerts.raise(
					NODE_DOWN, nodeOf(component), null, AlertSeverity.CRITICAL, "node " + nodeOf(component)
							+ " is DOWN: " + component.reason() + "; its instances are LOST and replaced elsewhere",
					null);
			case INSTANCE -> {
				if (component.reason() != null && component.reason().startsWith("FAILED")) {
					this.alerts.raise(INSTANCE_FAILED, instanceOf(component), group(component), AlertSeverity.WARNING,
							"instance " + instanceOf(component) + " of " + component.app() + "/" + component.service()
									+ " (deployment " + component.deploymentId() + ") failed on node "
									+ component.nodeId() + " beyond its restart budget: "
									+ firstLine(component.reason()),
							null);
				}
			}
		}
	}

	@Override
	public void up(ComponentRecord component, Duration downFor) {
		switch (component.kind()) {
			case SERVICE, INFRASTRUCTURE, NODE_AGENT ->
				this.alerts.resolve(COMPONENT_DOWN, component.id(), label(component.kind()) + " " + component.id()
						+ " is UP again after " + downFor.toMillis() + " ms (pid " + component.pid() + ")");
			case NODE -> this.alerts.resolve(NODE_DOWN, nodeOf(component),
					"node " + nodeOf(component) + " is UP again after " + downFor.toMillis() + " ms");
			case INSTANCE -> this.alerts.resolveGroup(INSTANCE_FAILED, group(component),
					component.app() + "/" + component.service() + " of deployment " + component.deploymentId()
							+ " serves again: instance " + instanceOf(component) + " is healthy on node "
							+ component.nodeId());
		}
	}

	private static String label(MonitoredKind kind) {
		return switch (kind) {
			case INFRASTRUCTURE -> "infrastructure";
			case NODE_AGENT -> "node agent";
			default -> "service";
		};
	}

	private static String group(ComponentRecord instance) {
		return instance.deploymentId() + "/" + instance.service();
	}

	private static String nodeOf(ComponentRecord node) {
		return (node.nodeId() != null) ? node.nodeId() : node.id();
	}

	private static String instanceOf(ComponentRecord instance) {
		return instance.id().substring(instance.id().indexOf(':') + 1);
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		return (end < 0) ? text : text.substring(0, end) + " …";
	}

}
