package io.iotp.bootstrapper.fleet;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One node of {@code nodes.yml}.
 *
 * @param name its name in the fleet (and its node id)
 * @param host where SSH reaches it
 * @param sshPort its SSH port
 * @param user who the bootstrapper logs in as
 * @param key the private key file to log in with
 * @param address the address every component binds there
 * @param roles what it runs
 * @param labels free labels, for placement
 * @param cpu CPUs app instances may use there
 * @param memoryMb memory app instances may use there
 * @param line where it starts in the file, for messages
 */
public record FleetNode(String name, String host, int sshPort, String user, Path key, String address, Set<Role> roles,
		Map<String, String> labels, double cpu, long memoryMb, int line) {

	public FleetNode {
		roles = Set.copyOf(roles);
		labels = Map.copyOf(labels);
	}

	/** {@code name (user@host:port)}, how messages name it. */
	public String describe() {
		return this.name + " (" + this.user + "@" + this.host + ":" + this.sshPort + ")";
	}

}
