package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The embedded image registry (Debian's {@code docker-registry}, Registry API v2): where
 * the node agents share the images of app services. It runs when the local node runs apps
 * in containers, the binary is installed and no other registry was given; it listens on
 * 127.0.0.1 and asks every client for its password.
 */
final class RegistrySetup {

	/** Where Debian's package installs the registry. */
	static final Path BINARY = Path.of("/usr/bin/docker-registry");

	private static final String AGENT_USER = "node-agent";

	private final PlatformLayout layout;

	RegistrySetup(PlatformLayout layout) {
		this.layout = layout;
	}

	/**
	 * Whether the embedded registry runs: the node runs apps in containers (docker mode
	 * {@code on} or {@code auto}), no registry of the admin's is configured, and the
	 * binary is there.
	 */
	boolean wanted() {
		List<String> arguments = this.layout.serviceArguments();
		boolean containers = arguments.contains("--iotp.node.docker.mode=on")
				|| arguments.contains("--iotp.node.docker.mode=auto");
		boolean external = arguments.stream()
			.anyMatch((argument) -> argument.startsWith("--iotp.node.docker.registry="));
		return containers && !external && Files.isExecutable(BINARY);
	}

	Path dir() {
		return this.layout.dataDir().resolve("registry");
	}

	Path configFile() {
		return dir().resolve("config.yml");
	}

	Path htpasswdFile() {
		return dir().resolve("htpasswd");
	}

	/** The node agent's {@code user:password}, readable by the platform's user alone. */
	Path agentCredentialsFile() {
		return dir().resolve(AGENT_USER + ".credentials");
	}

	String address() {
		return PlatformLayout.HOST + ":" + this.layout.ports().registry();
	}

	List<String> command() {
		return List.of(BINARY.toString(), "serve", configFile().toString());
	}

	/** What tells the node agent where the registry is and how to log in. */
	List<String> agentArguments() {
		return List.of("--iotp.node.docker.registry=" + address(),
				"--iotp.node.docker.registry-credentials=" + agentCredentialsFile());
	}

	/**
	 * Writes the registry's configuration (its port may have moved), and the agent's
	 * password the first time.
	 */
	void prepare() throws IOException {
		Files.createDirectories(dir().resolve("data"));
		Files.writeString(configFile(), """
				# written by iotp up on every start; edit the iotp options instead
				version: 0.1
				log:
				  level: warn
				storage:
				  filesystem:
				    rootdirectory: %s
				  delete:
				    enabled: true
				http:
				  addr: %s
				auth:
				  htpasswd:
				    realm: iotp
				    path: %s
				""".formatted(dir().resolve("data"), address(), htpasswdFile()), StandardCharsets.UTF_8);
		if (Files.isRegularFile(agentCredentialsFile()) && Files.isRegularFile(htpasswdFile())) {
			return;
		}
		String password = PrivateFiles.newPassword();
		PrivateFiles.write(htpasswdFile(), AGENT_USER + ":" + new BCryptPasswordEncoder().encode(password) + "\n");
		PrivateFiles.write(agentCredentialsFile(), AGENT_USER + ":" + password + "\n");
	}

}
