package io.iotp.contracts.placement;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Message;

/**
 * node-manager's answer on {@code best-node-response}: the chosen node, or why none fits.
 *
 * @param requestId the request answered
 * @param deploymentId the deployment being placed
 * @param nodeId the chosen node; null when none fits
 * @param address the chosen node's address; null when none fits
 * @param reason why no node fits (capacity, runtime, all excluded); null when one was
 * chosen
 */
public record BestNodeResponse(String requestId, DeploymentId deploymentId, @Nullable NodeId nodeId,
		@Nullable String address, @Nullable String reason) implements Message {

	public BestNodeResponse {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		if (nodeId == null && reason == null) {
			throw new IllegalArgumentException("a response without a node must say why");
		}
	}

	/** The chosen node. */
	public static BestNodeResponse chosen(String requestId, DeploymentId deploymentId, NodeId nodeId, String address) {
		return new BestNodeResponse(requestId, deploymentId, nodeId, address, null);
	}

	/** No node fits. */
	public static BestNodeResponse none(String requestId, DeploymentId deploymentId, String reason) {
		return new BestNodeResponse(requestId, deploymentId, null, null, reason);
	}

	/** Whether a node was chosen. */
	public boolean hasNode() {
		return this.nodeId != null;
	}

}
