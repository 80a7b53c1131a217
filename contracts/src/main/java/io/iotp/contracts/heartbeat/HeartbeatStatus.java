package io.iotp.contracts.heartbeat;

/** What a component reports of itself in its heartbeat. */
public enum HeartbeatStatus {

	STARTING, UP, STOPPING

}
