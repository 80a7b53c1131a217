package io.iotp.contracts.node;

/** State of a node (SPEC §4). */
public enum NodeState {

	/** Heartbeats arrive; new instances may be placed on it. */
	UP,

	/**
	 * Missed heartbeats; nothing new is placed on it until it is back or declared down.
	 */
	SUSPECT,

	/** Declared dead; its instances are {@code LOST} and rescheduled elsewhere. */
	DOWN,

	/** Being emptied by an admin: its instances move elsewhere, nothing new is placed. */
	DRAINING,

	/** Out of service by an admin's decision. */
	MAINTENANCE;

	/** Whether new instances may be placed on a node in this state. */
	public boolean placeable() {
		return this == UP;
	}

}
