package io.iotp.nodeagent.instance;

import java.util.LinkedHashMap;
import java.util.Map;

import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.StartInstance;

/**
 * The instances that ended on this node lately: a start command delivered again for one
 * of them must not run it again, and a late stop command is answered with the instance's
 * real ids.
 */
final class EndedInstances {

	/**
	 * How many are remembered; a redelivery comes soon after the original or not at all.
	 */
	static final int CAPACITY = 10_000;

	private final Map<InstanceId, Ended> ended = new LinkedHashMap<>() {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<InstanceId, Ended> eldest) {
			return size() > CAPACITY;
		}

	};

	synchronized void remember(StartInstance spec) {
		this.ended.put(spec.instanceId(), new Ended(spec.deploymentId(), spec.app(), spec.service()));
	}

	synchronized boolean contains(InstanceId id) {
		return this.ended.containsKey(id);
	}

	/** What is known of an ended instance; placeholders when it never ran here. */
	synchronized Ended get(InstanceId id) {
		// StopInstance carries no deployment id, and InstanceStatusChanged needs one
		return this.ended.getOrDefault(id, Ended.UNKNOWN);
	}

	/**
	 * The ids an ended instance is reported with.
	 *
	 * @param deploymentId its deployment
	 * @param app its app
	 * @param service its service
	 */
	record Ended(DeploymentId deploymentId, AppId app, String service) {

		static final Ended UNKNOWN = new Ended(DeploymentId.of("unknown"), AppId.of("unknown"), "unknown");

	}

}
