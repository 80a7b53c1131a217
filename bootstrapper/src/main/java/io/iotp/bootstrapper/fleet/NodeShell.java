package io.iotp.bootstrapper.fleet;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;

/**
 * An SSH session to one node (JSch): key authentication only, the host key checked
 * against known_hosts. A host not in known_hosts is refused unless new host keys are
 * accepted, and then only a host never seen: a key that changed is always refused.
 * Failures are {@link NodeStepException}s of step {@code ssh} saying what to do.
 */
public final class NodeShell implements AutoCloseable {

	private static final String STEP = "ssh";

	private final FleetNode node;

	private final Session session;

	private final Duration timeout;

	private NodeShell(FleetNode node, Session session, Duration timeout) {
		this.node = node;
		this.session = session;
		this.timeout = timeout;
	}

	/**
	 * Logs in to the node, with a known_hosts file of its own (one node alone).
	 * @param knownHosts the known_hosts file (made when missing)
	 * @param acceptNewHostKeys whether a host not in it is added to it rather than
	 * refused
	 */
	public static NodeShell open(FleetNode node, Path knownHosts, boolean acceptNewHostKeys, Duration timeout) {
		KnownHosts hosts;
		try {
			hosts = new KnownHosts(knownHosts, acceptNewHostKeys);
		}
		catch (IOException ex) {
			throw new NodeStepException(node, STEP,
					"cannot use known_hosts file " + knownHosts + ": " + ex.getMessage(),
					"Check that it is a readable known_hosts file");
		}
		return open(node, hosts, timeout);
	}

	/**
	 * Logs in to the node.
	 * @param knownHosts the known hosts, shared by the sessions to every node of a run
	 */
	public static NodeShell open(FleetNode node, KnownHosts knownHosts, Duration timeout) {
		JSch jsch = new JSch();
		Session session;
		try {
			jsch.addIdentity(node.key().toString());
		}
		catch (JSchException ex) {
			throw new NodeStepException(node, STEP,
					"the key file " + node.key() + " cannot be used: " + ex.getMessage(),
					"Give an unencrypted OpenSSH private key (e.g. ssh-keygen -t ed25519 -N '')");
		}
		jsch.setHostKeyRepository(knownHosts);
		try {
			session = jsch.getSession(node.user(), node.host(), node.sshPort());
		}
		catch (JSchException ex) {
			throw new NodeStepException(node, STEP, "cannot make an SSH session: " + ex.getMessage(),
					"Check the node's user and host in nodes.yml");
		}
		session.setConfig("StrictHostKeyChecking", "yes");
		session.setConfig("PreferredAuthentications", "publickey");
		try {
			session.setTimeout((int) timeout.toMillis());
			session.connect((int) timeout.toMillis());
		}
		catch (JSchUnknownHostKeyException ex) {
			throw new NodeStepException(node, STEP,
					"its host key is not in " + knownHosts.file() + " (" + ex.getMessage() + ")",
					"Check the fingerprint with the node's admin (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub "
							+ "there), then run again with --accept-new-host-keys for a first contact");
		}
		catch (JSchChangedHostKeyException ex) {
			throw new NodeStepException(node, STEP,
					"its host key is not the one " + knownHosts.file() + " holds: it changed, or someone is in between",
					"If the node was reinstalled, remove the old key (ssh-keygen -R '" + hostEntry(node) + "' -f "
							+ knownHosts.file()
							+ ") and run again with --accept-new-host-keys; otherwise do not connect");
		}
		catch (JSchException ex) {
			throw failure(node, ex, timeout);
		}
		return new NodeShell(node, session, timeout);
	}

	/** The output of a command run through the node's shell. */
	public record Result(int exitCode, String stdout, String stderr) {

	}

	/**
	 * A short command may take this long on a node busy starting a platform: more than it
	 * takes to accept a connection, which the session's timeout bounds.
	 */
	private static final Duration BUSY_NODE_COMMAND = Duration.ofSeconds(30);

	/**
	 * Runs a command and waits for it, at most the session's timeout or 30 s, whichever
	 * is longer.
	 */
	public Result run(String command, String step) {
		return run(command, step, (this.timeout.compareTo(BUSY_NODE_COMMAND) > 0) ? this.timeout : BUSY_NODE_COMMAND);
	}

	/** Runs a command and waits for it, at most {@code limit}. */
	public Result run(String command, String step, Duration limit) {
		return exec(command, step, (channel) -> {
			InputStream out = channel.getInputStream();
			InputStream err = channel.getErrStream();
			channel.connect((int) this.timeout.toMillis());
			ByteArrayOutputStream stdout = new ByteArrayOutputStream();
			ByteArrayOutputStream stderr = new ByteArrayOutputStream();
			Instant deadline = Instant.now().plus(limit);
			byte[] buffer = new byte[8192];
			while (true) {
				boolean read = drain(out, stdout, buffer) | drain(err, stderr, buffer);
				if (channel.isClosed() && out.available() == 0 && err.available() == 0) {
					break;
				}
				if (Instant.now().isAfter(deadline)) {
					throw new NodeStepException(this.node, step,
							"'" + command + "' did not end within " + limit.toSeconds() + " s",
							"Check the node's load and its shell");
				}
				if (!read) {
					Thread.sleep(20);
				}
			}
			return new Result(channel.getExitStatus(), stdout.toString(StandardCharsets.UTF_8),
					stderr.toString(StandardCharsets.UTF_8));
		});
	}

	/**
	 * Runs a long command, handing each line of its output (stdout and stderr together)
	 * to {@code lines} as it comes.
	 * @return its exit code
	 */
	public int stream(String command, String step, Duration limit, Consumer<String> lines) {
		return exec(command + " 2>&1", step, (channel) -> {
			BufferedReader out = new BufferedReader(
					new InputStreamReader(channel.getInputStream(), StandardCharsets.UTF_8));
			channel.connect((int) this.timeout.toMillis());
			Instant deadline = Instant.now().plus(limit);
			String line;
			while ((line = out.readLine()) != null) {
				lines.accept(line);
				if (Instant.now().isAfter(deadline)) {
					throw new NodeStepException(this.node, step,
							"'" + command + "' did not end within " + limit.toSeconds() + " s",
							"Look at the node's logs in ~" + this.node.user() + "/iotp/data/logs");
				}
			}
			while (!channel.isClosed()) {
				Thread.sleep(20);
			}
			return channel.getExitStatus();
		});
	}

	/** What is done with an exec channel once its command is set; it connects it. */
	@FunctionalInterface
	private interface ExecBody<T> {

		T run(ChannelExec channel) throws JSchException, IOException, InterruptedException;

	}

	/**
	 * Opens an exec channel for the command, hands it to {@code body}, and turns SSH and
	 * I/O failures into {@link NodeStepException}s of the step.
	 */
	private <T> T exec(String command, String step, ExecBody<T> body) {
		ChannelExec channel = null;
		try {
			channel = (ChannelExec) this.session.openChannel("exec");
			channel.setCommand(command);
			channel.setInputStream(null);
			return body.run(channel);
		}
		catch (JSchException | IOException ex) {
			throw new NodeStepException(this.node, step, "cannot run a command: " + ex.getMessage(),
					"Check that the node's sshd allows commands for " + this.node.user());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NodeStepException(this.node, step, "interrupted", "");
		}
		finally {
			if (channel != null) {
				channel.disconnect();
			}
		}
	}

	/**
	 * An SFTP channel on the session, in the user's home folder; the caller closes it.
	 */
	public ChannelSftp sftp(String step) {
		try {
			ChannelSftp channel = (ChannelSftp) this.session.openChannel("sftp");
			channel.connect((int) this.timeout.toMillis());
			return channel;
		}
		catch (JSchException ex) {
			throw new NodeStepException(this.node, step, "cannot open SFTP: " + ex.getMessage(),
					"Check that the node's sshd has the sftp subsystem (Subsystem sftp in sshd_config)");
		}
	}

	public FleetNode node() {
		return this.node;
	}

	/** The host key the session was made with, as {@code TYPE SHA256:fingerprint}. */
	public String hostKey() {
		HostKey key = this.session.getHostKey();
		return key.getType() + " " + key.getFingerPrint(new JSch());
	}

	@Override
	public void close() {
		this.session.disconnect();
	}

	private static boolean drain(InputStream in, ByteArrayOutputStream into, byte[] buffer) throws IOException {
		boolean read = false;
		while (in.available() > 0) {
			int n = in.read(buffer);
			if (n < 0) {
				break;
			}
			into.write(buffer, 0, n);
			read = true;
		}
		return read;
	}

	private static NodeStepException failure(FleetNode node, JSchException ex, Duration timeout) {
		Throwable cause = ex.getCause();
		String message = String.valueOf(ex.getMessage());
		String at = node.host() + ":" + node.sshPort();
		if (message.startsWith("Auth fail") || message.contains("USERAUTH fail")) {
			return new NodeStepException(node, STEP,
					"the key " + node.key() + " was refused for user " + node.user() + " at " + at,
					"Add its public key to ~" + node.user() + "/.ssh/authorized_keys on the node, or name the right "
							+ "key and user in nodes.yml");
		}
		if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
			return new NodeStepException(node, STEP, "cannot reach " + at + ": " + cause.getMessage(),
					"Check that the node is up, that sshd listens on port " + node.sshPort()
							+ " and that no firewall is in between");
		}
		if (cause instanceof UnknownHostException) {
			return new NodeStepException(node, STEP, "host " + node.host() + " is not known to DNS",
					"Check the node's 'host' in nodes.yml");
		}
		if (cause instanceof SocketTimeoutException || message.contains("timeout")) {
			return new NodeStepException(node, STEP,
					"no SSH answer from " + at + " within " + timeout.toSeconds() + " s",
					"Check that the node is up and that sshd listens on port " + node.sshPort());
		}
		return new NodeStepException(node, STEP, "SSH to " + at + " failed: " + message,
				"Check sshd's log on the node");
	}

	private static String hostEntry(FleetNode node) {
		return (node.sshPort() == 22) ? node.host() : "[" + node.host() + "]:" + node.sshPort();
	}

}
