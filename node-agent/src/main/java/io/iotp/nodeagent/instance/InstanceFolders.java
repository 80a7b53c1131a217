package io.iotp.nodeagent.instance;

import java.nio.file.Path;
import java.util.regex.Pattern;

import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.node.StartInstance;

/**
 * Where an instance lives: its code in {@code <instances>/<id>} (the work folder's
 * {@code instances}, or a place of the instances' users: {@code AppUsers}), its output in
 * the work folder's {@code logs/<id>}. Its ids become file and folder names, so only safe
 * ones are accepted.
 */
final class InstanceFolders {

	/** Instance ids become file names: nothing that could leave the agent's folders. */
	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

	/** SPEC §3 service names; they become part of a path inside the package. */
	private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

	private final Path instancesDir;

	private final Path logsDir;

	private final NodeId nodeId;

	InstanceFolders(Path instancesDir, Path logsDir, NodeId nodeId) {
		this.instancesDir = instancesDir;
		this.logsDir = logsDir;
		this.nodeId = nodeId;
	}

	/** Whether the ids of a command can safely become file and folder names. */
	static boolean valid(StartInstance command) {
		return SAFE_ID.matcher(command.instanceId().value()).matches()
				&& SERVICE_NAME.matcher(command.service()).matches();
	}

	/** An instance of this node, with its folders; not yet running or known. */
	ManagedInstance newInstance(StartInstance command, InstanceRuntime runtime) {
		String id = command.instanceId().value();
		return new ManagedInstance(command, this.instancesDir.resolve(id), this.logsDir.resolve(id), this.nodeId,
				runtime);
	}

}
