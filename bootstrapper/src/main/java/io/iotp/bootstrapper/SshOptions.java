package io.iotp.bootstrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.iotp.bootstrapper.fleet.KnownHosts;
import io.iotp.bootstrapper.platform.PlatformException;
import picocli.CommandLine.Option;

/** How the commands that work on a fleet log in to its nodes. */
final class SshOptions {

	@Option(names = "--known-hosts", paramLabel = "FILE",
			description = "The known_hosts file host keys are checked against (default: ~/.ssh/known_hosts).")
	Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");

	@Option(names = "--accept-new-host-keys",
			description = "Add the host key of a node not yet in known_hosts, for a first contact. A key that "
					+ "changed is still refused.")
	boolean acceptNewHostKeys;

	@Option(names = "--ssh-timeout", paramLabel = "SECONDS",
			description = "Per connection, and per command where longer than 30 (default: 10).")
	int sshTimeoutSeconds = 10;

	KnownHosts knownHosts() {
		try {
			return new KnownHosts(this.knownHosts, this.acceptNewHostKeys);
		}
		catch (IOException ex) {
			throw new PlatformException("cannot use the known_hosts file " + this.knownHosts + ": " + ex.getMessage()
					+ ". Name a readable known_hosts file with --known-hosts");
		}
	}

	Duration timeout() {
		if (this.sshTimeoutSeconds < 1) {
			throw new PlatformException("--ssh-timeout must be at least 1 second, not " + this.sshTimeoutSeconds);
		}
		return Duration.ofSeconds(this.sshTimeoutSeconds);
	}

}
