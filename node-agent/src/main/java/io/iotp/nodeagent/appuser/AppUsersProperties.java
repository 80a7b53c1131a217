package io.iotp.nodeagent.appuser;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the process runtime keeps instances apart ({@code iotp.node.app-users.*}).
 *
 * @param mode {@code auto}: every process instance runs as a user of its own when the
 * agent runs as root and {@code setpriv} and {@code prlimit} are there; {@code on}: the
 * agent does not start otherwise; {@code off}: instances run as the agent's user
 * @param firstUid the uid of the instance on the first port of the node's port range;
 * each port has its own (uids {@code first-uid} to {@code first-uid} + the range's size -
 * 1 must belong to nobody else)
 * @param instancesDir where instances' folders are, one folder per agent below it: out of
 * the platform's data directory, which no instance may enter
 * @param maxProcesses how many processes and threads the user of one instance may have
 */
@ConfigurationProperties("iotp.node.app-users")
public record AppUsersProperties(@DefaultValue("auto") Mode mode, @DefaultValue("200000") int firstUid,
		@DefaultValue("/var/lib/iotp/instances") Path instancesDir, @DefaultValue("256") int maxProcesses) {

	public AppUsersProperties {
		if (firstUid < 1000 || maxProcesses < 16) {
			throw new IllegalArgumentException(
					"iotp.node.app-users: first-uid must be at least 1000 and max-processes at least 16");
		}
	}

	/** Whether process instances run as users of their own. */
	public enum Mode {

		/** Never: they run as the agent's user. */
		OFF,

		/** When the agent runs as root and the tools are there. */
		AUTO,

		/** Always: the agent does not start otherwise. */
		ON

	}

}
