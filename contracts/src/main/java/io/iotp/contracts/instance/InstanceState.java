package io.iotp.contracts.instance;

/**
 * Life of a service instance (SPEC §4):
 * {@code PENDING → STARTING → HEALTHY ⇄ UNHEALTHY → STOPPED} or {@code FAILED};
 * {@code LOST} when its node is declared dead.
 */
public enum InstanceState {

	/** Placed on a node, not yet started. */
	PENDING,

	/** Process or container started, health not yet confirmed. */
	STARTING,

	HEALTHY,

	/** Running but failing its health check. */
	UNHEALTHY,

	/** Stopped on request. */
	STOPPED,

	/** Exited on its own, or never became healthy. */
	FAILED,

	/** Its node stopped reporting; nobody knows whether it still runs. */
	LOST;

	/** Whether the instance is over and will never change state again. */
	public boolean terminal() {
		return this == STOPPED || this == FAILED || this == LOST;
	}

}
