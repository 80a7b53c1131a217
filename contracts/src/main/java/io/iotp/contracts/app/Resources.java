package io.iotp.contracts.app;

/**
 * CPU and memory: what a service instance asks for, and what a node offers. Placement
 * compares the two, so they share one shape ({@code {cpu, memoryMb}} in JSON).
 *
 * @param cpu cores, fractions allowed
 * @param memoryMb mebibytes
 */
public record Resources(double cpu, long memoryMb) {

	/** What a service gets when its config names no resources. */
	public static final Resources DEFAULT = new Resources(0.25, 128);

	public Resources {
		if (!(cpu >= 0) || memoryMb < 0) {
			throw new IllegalArgumentException("resources must not be negative: cpu=" + cpu + ", memoryMb=" + memoryMb);
		}
	}

	/** Whether {@code wanted} fits into these resources. */
	public boolean fits(Resources wanted) {
		return wanted.cpu <= this.cpu && wanted.memoryMb <= this.memoryMb;
	}

	public Resources minus(Resources other) {
		return new Resources(Math.max(0, this.cpu - other.cpu), Math.max(0, this.memoryMb - other.memoryMb));
	}

}
