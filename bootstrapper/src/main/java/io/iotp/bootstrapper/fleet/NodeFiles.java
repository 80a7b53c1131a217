package io.iotp.bootstrapper.fleet;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;

/**
 * Files the bootstrapper writes in a node's {@code ~/iotp}: each readable by the login
 * only, and replaced whole (written aside, then renamed), so a node that dies half-way
 * keeps the old file or the new one, never a part.
 */
final class NodeFiles {

	/** The platform's directory in the login's home on every node. */
	static final String HOME_DIR = "iotp";

	private NodeFiles() {
	}

	/**
	 * @param files the content of each file by its path under {@code ~/iotp}
	 * @param step the step this is, for an error's message
	 * @throws NodeStepException naming the node and the step when a file cannot be
	 * written
	 */
	static void write(NodeShell shell, Map<String, String> files, String step) {
		String dirs = Distribution.parents(files.keySet())
			.stream()
			.map((dir) -> "'" + HOME_DIR + "/" + dir + "'")
			.reduce("'" + HOME_DIR + "'", (a, b) -> a + " " + b);
		NodeShell.Result made = shell.run("umask 077 && mkdir -p " + dirs + " && chmod 700 " + dirs, step);
		if (made.exitCode() != 0) {
			throw new NodeStepException(shell.node(), step, "cannot make ~/" + HOME_DIR + ": " + made.stderr(),
					"Check the rights of " + shell.node().user() + " in its home");
		}
		ChannelSftp sftp = shell.sftp(step);
		try {
			for (Map.Entry<String, String> file : files.entrySet()) {
				String target = HOME_DIR + "/" + file.getKey();
				String part = target + ".part";
				sftp.put(new ByteArrayInputStream(file.getValue().getBytes(StandardCharsets.UTF_8)), part);
				sftp.chmod(0600, part);
				try {
					sftp.rm(target);
				}
				catch (SftpException absent) {
					// first start
				}
				sftp.rename(part, target);
			}
		}
		catch (SftpException ex) {
			throw new NodeStepException(shell.node(), step,
					"cannot write its configuration in ~/" + HOME_DIR + ": " + ex.getMessage(),
					"Check the free disk and the rights of " + shell.node().user() + " there");
		}
		finally {
			sftp.disconnect();
		}
	}

}
