package io.iotp.bootstrapper.fleet;

import io.iotp.bootstrapper.platform.PlatformException;

/** A step on a node that failed: which node, which step, what happened and what to do. */
public class NodeStepException extends PlatformException {

	private final String node;

	private final String step;

	public NodeStepException(FleetNode node, String step, String problem, String remedy) {
		super(node.describe() + ", step '" + step + "': " + problem + ((remedy.isEmpty()) ? "" : ". " + remedy));
		this.node = node.name();
		this.step = step;
	}

	public String node() {
		return this.node;
	}

	public String step() {
		return this.step;
	}

}
