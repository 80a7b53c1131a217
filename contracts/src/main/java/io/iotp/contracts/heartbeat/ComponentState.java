package io.iotp.contracts.heartbeat;

/**
 * What monitoring concludes of any heartbeat source (SPEC §4), as opposed to the
 * {@link HeartbeatStatus} a component reports of itself.
 */
public enum ComponentState {

	/** Heartbeats arrive on time. */
	UP,

	/** Heartbeats were missed, not yet long enough to declare it down. */
	SUSPECT,

	/** Silent past the failure detector's timeout, or reported itself stopped. */
	DOWN

}
