package io.iotp.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the test fleet: a container of the image {@value #IMAGE} (made by
 * {@code ./iotp images --with-test-images}) with host networking, its OpenSSH server on
 * its own loopback address and cron, the user {@code iotp} logging in with the test's
 * key. Stopped by its container id on {@link #close()}; {@link #kill()} is a node that
 * dies.
 */
public final class FleetNodeContainer implements AutoCloseable {

	public static final String IMAGE = "iotp-test/fleet-node:bookworm";

	/** The label every fleet node container carries, with the test's name as value. */
	public static final String LABEL = "io.iotp.test.fleet-node";

	public static final String USER = "iotp";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final String containerId;

	private final String address;

	private final int sshPort;

	private FleetNodeContainer(String containerId, String address, int sshPort) {
		this.containerId = containerId;
		this.address = address;
		this.sshPort = sshPort;
	}

	/**
	 * Fails in CI (and aborts the test loudly elsewhere) when Docker or the node image is
	 * missing.
	 */
	public static void require(String test) {
		DockerCommand.require(test, "run './iotp images --with-test-images'", IMAGE);
	}

	/**
	 * Starts a node and waits until its sshd accepts connections.
	 * @param test the test's name, the container's label value
	 * @param address a loopback address of its own, e.g. 127.0.0.21
	 * @param publicKey the OpenSSH public key file the user iotp logs in with
	 * @param withJava false for a node without Java
	 */
	public static FleetNodeContainer start(String test, String address, Path publicKey, boolean withJava) {
		if (!address.startsWith("127.")) {
			throw new IllegalArgumentException("a test node binds a loopback address, not " + address);
		}
		int port = FreePorts.any();
		String key;
		try {
			key = Files.readString(publicKey).strip();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + publicKey, ex);
		}
		// /run a tmpfs, as on a machine: each start of the container is a boot
		List<String> arguments = new ArrayList<>(List.of("run", "-d", "--network", "host", "--tmpfs", "/run", "--label",
				LABEL + "=" + test, "-e", "IOTP_NODE_ADDRESS=" + address, "-e", "IOTP_NODE_SSH_PORT=" + port, "-e",
				"IOTP_AUTHORIZED_KEY=" + key));
		if (!withJava) {
			arguments.addAll(List.of("-e", "IOTP_NODE_NO_JAVA=1"));
		}
		arguments.add(IMAGE);
		FleetNodeContainer node = new FleetNodeContainer(DockerCommand.run(arguments.toArray(String[]::new)), address,
				port);
		try {
			node.awaitSsh();
		}
		catch (RuntimeException ex) {
			node.close();
			throw ex;
		}
		return node;
	}

	public String address() {
		return this.address;
	}

	public int sshPort() {
		return this.sshPort;
	}

	public String containerId() {
		return this.containerId;
	}

	/**
	 * Runs a command in the node as root, e.g. to look at what the platform left there.
	 */
	public String exec(String... command) {
		List<String> arguments = new ArrayList<>(List.of("exec", this.containerId));
		arguments.addAll(List.of(command));
		return DockerCommand.run(arguments.toArray(String[]::new));
	}

	/** Whether the node's machine runs (its container is not dead or stopped). */
	public boolean running() {
		return DockerCommand.run("inspect", "--format", "{{.State.Running}}", this.containerId).strip().equals("true");
	}

	/** The node dies at once: its container is killed (SIGKILL to everything in it). */
	public void kill() {
		DockerCommand.run("kill", this.containerId);
	}

	/**
	 * The node's machine starts again after {@link #kill()}: same address, port and host
	 * key, nothing of the platform running until what starts at boot (cron's
	 * {@code @reboot} entries) starts it.
	 */
	public void restart() {
		DockerCommand.run("start", this.containerId);
		awaitSsh();
	}

	/**
	 * Copies a directory of the node (dead or alive) to the host, e.g. the platform's
	 * logs to read after a failure; nothing when it is not there.
	 */
	public void copyOut(String directory, Path target) {
		try {
			Files.createDirectories(target.getParent());
			DockerCommand.run("cp", this.containerId + ":" + directory, target.toString());
		}
		catch (IOException | IllegalStateException ex) {
			System.err
				.println("cannot copy " + directory + " out of fleet node " + this.address + ": " + ex.getMessage());
		}
	}

	/** What the node's sshd wrote, for a failure's message. */
	public String log() {
		try {
			return DockerCommand.run("logs", this.containerId);
		}
		catch (IllegalStateException ex) {
			return ex.getMessage();
		}
	}

	@Override
	public void close() {
		try {
			DockerCommand.run("rm", "-f", "-v", this.containerId);
		}
		catch (IllegalStateException ex) {
			System.err.println("cannot remove fleet node container " + this.containerId + ": " + ex.getMessage());
		}
	}

	private void awaitSsh() {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(this.address, this.sshPort), 200);
				return;
			}
			catch (IOException notYet) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for a fleet node", ex);
				}
			}
		}
		throw new IllegalStateException("the fleet node's sshd did not listen on " + this.address + ":" + this.sshPort
				+ " within " + START_TIMEOUT.toSeconds() + " s; its output: " + log());
	}

}
