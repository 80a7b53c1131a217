package io.iotp.contracts.placement;

import java.util.List;
import java.util.Objects;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Message;

/**
 * Sent on {@code get-node-request}, keyed by deployment id: which node should run one
 * more instance of this service? Answered by a {@link BestNodeResponse} with the same
 * request id.
 *
 * @param requestId unique per question, echoed in the answer
 * @param deploymentId the deployment being placed
 * @param app its app
 * @param service the service to place
 * @param runtime the runtime the node must support
 * @param resources what one instance asks for
 * @param excludeNodes nodes not to choose (where an attempt just failed, or a replica
 * already runs)
 * @param containersOnly only a node that runs apps in containers will do (a developer's
 * app where the platform keeps them off the process runtime; absent in older messages:
 * false)
 */
public record BestNodeRequest(String requestId, DeploymentId deploymentId, AppId app, String service,
		RuntimeKind runtime, Resources resources, List<NodeId> excludeNodes,
		Boolean containersOnly) implements Message {

	public BestNodeRequest {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(resources, "resources");
		excludeNodes = List.copyOf(Objects.requireNonNullElse(excludeNodes, List.of()));
		containersOnly = Boolean.TRUE.equals(containersOnly);
	}

}
