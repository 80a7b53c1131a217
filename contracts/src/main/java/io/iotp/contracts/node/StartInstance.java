package io.iotp.contracts.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;

/**
 * Start one instance of a service. The agent fetches the artifact, unpacks the service
 * folder, allocates a free port, starts the command in its own process group and reports
 * every state on {@code instance-status}. Starting an instance id the agent already runs
 * is a no-op.
 *
 * @param nodeId the node that runs it
 * @param instanceId the new instance's id
 * @param deploymentId its deployment
 * @param app its app
 * @param service its service (folder name under {@code services/})
 * @param runtime what runs the code
 * @param command the command line, relative to the service folder
 * @param artifactKey blob-store key of the app zip
 * @param artifactSha256 hex SHA-256 of the zip, when known
 * @param env environment for the instance: the service's {@code env} plus the platform
 * variables the deployer provides ({@code IOTP_SENSORS}, {@code IOTP_API_URL}, ...); the
 * agent adds {@code PORT}, {@code IOTP_APP}, {@code IOTP_SERVICE} and
 * {@code IOTP_INSTANCE_ID}
 * @param healthPath HTTP health path; TCP connect is the check when null
 * @param http whether it listens on {@code $PORT}
 * @param resources what it asked for, enforced where the runtime can
 */
public record StartInstance(NodeId nodeId, InstanceId instanceId, DeploymentId deploymentId, AppId app, String service,
		RuntimeKind runtime, List<String> command, String artifactKey, @Nullable String artifactSha256,
		Map<String, String> env, @Nullable String healthPath, boolean http,
		Resources resources) implements NodeCommand {

	public StartInstance {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(artifactKey, "artifactKey");
		command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
		env = Map.copyOf(Objects.requireNonNullElse(env, Map.of()));
		resources = Objects.requireNonNullElse(resources, Resources.DEFAULT);
	}

}
