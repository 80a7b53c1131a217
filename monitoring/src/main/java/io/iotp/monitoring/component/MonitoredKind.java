package io.iotp.monitoring.component;

import io.iotp.contracts.heartbeat.ComponentKind;

/** What sort of heartbeat source a component is, as the monitoring API shows it. */
public enum MonitoredKind {

	/** A platform microservice; restarted when it dies. */
	SERVICE,

	/** Kafka, the document store, the directory; restarted with back-off. */
	INFRASTRUCTURE,

	/** The node agent process (its {@code heartbeat}). */
	NODE_AGENT,

	/** A node, from its agent's {@code node-heartbeat}. */
	NODE,

	/** An app instance, from what its agent reports on {@code instance-status}. */
	INSTANCE;

	public static MonitoredKind of(ComponentKind kind) {
		return switch (kind) {
			case SERVICE -> SERVICE;
			case NODE_AGENT -> NODE_AGENT;
			case INFRASTRUCTURE -> INFRASTRUCTURE;
		};
	}

	/** Whether the platform brings it back by starting it again. */
	public boolean restartable() {
		return this == SERVICE || this == INFRASTRUCTURE || this == NODE_AGENT;
	}

	/**
	 * The component id prefix of node and instance components, which share one id space
	 * with services.
	 */
	String prefix() {
		return switch (this) {
			case NODE -> "node:";
			case INSTANCE -> "instance:";
			default -> "";
		};
	}

}
