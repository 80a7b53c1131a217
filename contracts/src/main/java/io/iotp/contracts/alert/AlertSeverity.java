package io.iotp.contracts.alert;

/** How urgent an alert is; mail and webhook delivery may filter on it. */
public enum AlertSeverity {

	/** Worth knowing; nothing to do. */
	INFO,

	/**
	 * Degraded but working: a suspect node, an instance restarted, a fleet short of room.
	 */
	WARNING,

	/** Down or failing: a platform service or node declared down, a deployment failed. */
	CRITICAL

}
