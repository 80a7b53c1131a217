package io.iotp.contracts.app;

/**
 * Autoscaling bounds of a service, its {@code instances} in {@code config.json}.
 *
 * @param min instances started by a deployment (unless the request overrides it), never
 * below 1
 * @param max instances the autoscaler may grow to, never below {@code min}
 */
public record InstanceBounds(int min, int max) {

	/** One instance, no scaling. */
	public static final InstanceBounds DEFAULT = new InstanceBounds(1, 1);

	public InstanceBounds {
		if (min < 1 || max < min) {
			throw new IllegalArgumentException("instances need 1 <= min <= max, got min=" + min + ", max=" + max);
		}
	}

}
