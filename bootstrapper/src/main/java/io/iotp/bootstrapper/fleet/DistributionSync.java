package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;

/**
 * Brings a node's copy of the platform ({@code ~/iotp/dist}) in line with this machine's
 * over SFTP: a file is sent only when the node has none or one with another SHA-256 (as
 * {@code sha256sum} there says), written beside its place and renamed, so a copy cut
 * short never leaves a half file. Files the node has that the platform no longer has are
 * removed. Azurite's tarball is unpacked when it changed.
 */
public final class DistributionSync {

	public static final String REMOTE_DIR = "iotp/dist";

	private static final String STEP = "copy";

	/** Checksums of the whole distribution, or Azurite's 20,000 files unpacked. */
	private static final Duration SLOW_STEP = Duration.ofMinutes(3);

	private final Distribution distribution;

	public DistributionSync(Distribution distribution) {
		this.distribution = distribution;
	}

	/** What one sync did. */
	public record Outcome(int sent, long bytesSent, int unchanged, int removed, Duration took) {

		@Override
		public String toString() {
			return String.format("%d file%s sent (%.1f MB), %d unchanged%s in %.1f s", this.sent,
					(this.sent == 1) ? "" : "s", this.bytesSent / 1e6, this.unchanged,
					(this.removed > 0) ? ", " + this.removed + " removed" : "", this.took.toMillis() / 1000.0);
		}

	}

	/**
	 * @param progress told what is about to be sent, when anything is
	 */
	public Outcome sync(NodeShell shell, Map<String, Path> files, Consumer<String> progress) {
		Instant begin = Instant.now();
		Map<String, String> remote = remoteChecksums(shell);
		List<String> toSend = new ArrayList<>();
		for (Map.Entry<String, Path> file : files.entrySet()) {
			if (!this.distribution.checksum(file.getValue()).equals(remote.get(file.getKey()))) {
				toSend.add(file.getKey());
			}
		}
		List<String> toRemove = remote.keySet().stream().filter((path) -> !files.containsKey(path)).sorted().toList();
		if (!toSend.isEmpty()) {
			long total = toSend.stream().mapToLong((path) -> size(files.get(path))).sum();
			progress.accept(String.format("sending %d file%s (%.1f MB) of the platform, %d unchanged", toSend.size(),
					(toSend.size() == 1) ? "" : "s", total / 1e6, files.size() - toSend.size()));
			String dirs = Distribution.parents(toSend)
				.stream()
				.map((dir) -> "'" + REMOTE_DIR + "/" + dir + "'")
				.collect(Collectors.joining(" "));
			requireOk(shell, shell.run("mkdir -p " + dirs, STEP), "cannot make the folders of " + REMOTE_DIR);
		}
		long bytes = 0;
		ChannelSftp sftp = shell.sftp(STEP);
		try {
			for (String path : toSend) {
				Path local = files.get(path);
				String target = REMOTE_DIR + "/" + path;
				String part = target + ".part";
				try {
					sftp.put(local.toString(), part);
					rm(sftp, target);
					sftp.rename(part, target);
				}
				catch (SftpException ex) {
					throw new NodeStepException(shell.node(), STEP, "cannot write " + target + ": " + ex.getMessage(),
							"Check the free disk and the rights of " + shell.node().user() + " in ~/" + REMOTE_DIR);
				}
				bytes += size(local);
			}
			for (String path : toRemove) {
				rm(sftp, REMOTE_DIR + "/" + path);
			}
		}
		finally {
			sftp.disconnect();
		}
		if (files.containsKey(Distribution.AZURITE_TAR)) {
			unpackAzurite(shell);
		}
		return new Outcome(toSend.size(), bytes, files.size() - toSend.size(), toRemove.size(),
				Duration.between(begin, Instant.now()));
	}

	/** Relative path → SHA-256 of every file the node has under {@link #REMOTE_DIR}. */
	private static Map<String, String> remoteChecksums(NodeShell shell) {
		// Azurite unpacked from its tarball is not a file of the distribution
		NodeShell.Result result = shell.run("mkdir -p " + REMOTE_DIR + " && cd " + REMOTE_DIR + " && find . -path './"
				+ Distribution.AZURITE_DIR + "' -prune -o -type f ! -name '*.part' -exec sha256sum {} +", STEP,
				SLOW_STEP);
		requireOk(shell, result, "cannot list ~/" + REMOTE_DIR);
		Map<String, String> checksums = new HashMap<>();
		for (String line : result.stdout().split("\n")) {
			int gap = line.indexOf("  ./");
			if (gap == 64) {
				checksums.put(line.substring(gap + 4), line.substring(0, gap));
			}
		}
		return checksums;
	}

	private static void unpackAzurite(NodeShell shell) {
		String dir = Distribution.AZURITE_DIR;
		NodeShell.Result result = shell.run("cd " + REMOTE_DIR + " && sum=$(sha256sum " + Distribution.AZURITE_TAR
				+ " | cut -c1-64) && if [ \"$(cat " + dir + "/.unpacked 2>/dev/null)\" != \"$sum\" ]; then rm -rf "
				+ dir + " && mkdir -p " + dir + " && tar -xf " + Distribution.AZURITE_TAR + " -C " + dir
				+ " && echo \"$sum\" > " + dir + "/.unpacked; fi", STEP, SLOW_STEP);
		requireOk(shell, result, "cannot unpack Azurite in ~/" + REMOTE_DIR + "/" + dir);
	}

	private static void requireOk(NodeShell shell, NodeShell.Result result, String problem) {
		if (result.exitCode() != 0) {
			throw new NodeStepException(shell.node(), STEP, problem + ": " + result.stderr().strip(),
					"Check the free disk and the rights of " + shell.node().user() + " in its home");
		}
	}

	private static void rm(ChannelSftp sftp, String path) {
		try {
			sftp.rm(path);
		}
		catch (SftpException absent) {
			// nothing there to replace
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
