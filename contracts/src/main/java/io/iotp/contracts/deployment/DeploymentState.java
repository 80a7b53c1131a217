package io.iotp.contracts.deployment;

/**
 * Life of a deployment (SPEC §4):
 * {@code SCHEDULED → DEPLOYING → RUNNING → STOPPING → STOPPED}, or {@code FAILED} (with
 * reason) or {@code CANCELLED}. A cron deployment returns to {@code SCHEDULED} after each
 * run.
 */
public enum DeploymentState {

	/** Waiting for its time. */
	SCHEDULED,

	/** Instances are being placed and started. */
	DEPLOYING,

	/** Every service has at least its minimum of healthy instances. */
	RUNNING,

	/** Instances are being stopped, on request or because its duration ended. */
	STOPPING,

	STOPPED,

	/** Could not be deployed, or lost its instances for good; the reason says why. */
	FAILED,

	/** Deleted before it ever ran. */
	CANCELLED;

	/**
	 * Whether nothing will happen to the deployment any more (a cron deployment is never
	 * final).
	 */
	public boolean terminal() {
		return this == STOPPED || this == FAILED || this == CANCELLED;
	}

}
