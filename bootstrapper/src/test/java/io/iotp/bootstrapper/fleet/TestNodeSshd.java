package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A node's sshd for the tests (Apache MINA sshd on a loopback port): logs in those whose
 * key is in an authorized_keys file and runs their commands through {@code /bin/sh} on
 * this machine, with the PATH the test chooses, so that a node can lack Java.
 */
final class TestNodeSshd implements AutoCloseable {

	private final SshServer server;

	private TestNodeSshd(SshServer server) {
		this.server = server;
	}

	/**
	 * @param hostKey where its host key is kept (made on first use)
	 * @param path the PATH its commands run with
	 */
	static TestNodeSshd start(String address, Path hostKey, Path authorizedKeys, String path) throws IOException {
		SshServer server = SshServer.setUpDefaultServer();
		server.setHost(address);
		server.setPort(0);
		server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
		server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
		server.setPasswordAuthenticator(null);
		server.setKeyboardInteractiveAuthenticator(null);
		server.setCommandFactory((channel, command) -> new ShellCommand(command, path));
		server.start();
		return new TestNodeSshd(server);
	}

	int port() {
		return this.server.getPort();
	}

	@Override
	public void close() throws IOException {
		this.server.stop(true);
	}

	/** {@code /bin/sh -c <command>} with only PATH and HOME set. */
	private static final class ShellCommand implements Command {

		private final String command;

		private final String path;

		private InputStream in;

		private OutputStream out;

		private OutputStream err;

		private ExitCallback exit;

		private Process process;

		ShellCommand(String command, String path) {
			this.command = command;
			this.path = path;
		}

		@Override
		public void setInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public void setOutputStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void setErrorStream(OutputStream err) {
			this.err = err;
		}

		@Override
		public void setExitCallback(ExitCallback callback) {
			this.exit = callback;
		}

		@Override
		public void start(ChannelSession channel, Environment env) throws IOException {
			ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", this.command);
			Map<String, String> environment = builder.environment();
			String home = System.getProperty("user.home");
			environment.clear();
			environment.put("PATH", this.path);
			environment.put("HOME", home);
			this.process = builder.start();
			Thread.ofVirtual().start(() -> {
				try {
					this.process.getOutputStream().close();
					Thread copyErr = Thread.ofVirtual().start(() -> copy(this.process.getErrorStream(), this.err));
					copy(this.process.getInputStream(), this.out);
					copyErr.join();
					this.exit.onExit(this.process.waitFor());
				}
				catch (IOException | InterruptedException ex) {
					this.exit.onExit(255, ex.toString());
				}
			});
		}

		@Override
		public void destroy(ChannelSession channel) {
			if (this.process != null) {
				this.process.destroyForcibly();
			}
		}

		private static void copy(InputStream from, OutputStream to) {
			try (from) {
				from.transferTo(to);
				to.flush();
			}
			catch (IOException ignored) {
				// the channel closed first: nobody reads any more
			}
		}

	}

}
