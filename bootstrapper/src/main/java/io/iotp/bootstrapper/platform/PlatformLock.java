package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code iotp up} or {@code down} at a time on a data directory. They meet more often
 * than one would think: a fleet node's start at boot and an admin's {@code up --nodes},
 * or monitoring's restart of a dead component and either of them; two at once would both
 * start what is missing. A down does not wait for an up: it stops it. The lock is the
 * operating system's, so one that died holds nothing.
 */
public final class PlatformLock implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(250);

	private static final String DOWN = "iotp down";

	/** How the lock file names an {@code iotp up} that holds it. */
	private static final Pattern UP_HOLDER = Pattern.compile("iotp up \\(pid (\\d+)\\)");

	private final FileChannel channel;

	private final FileLock lock;

	private PlatformLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Waits for the data directory's lock, saying once that it waits and for whom.
	 * @param what what this command is, for the other's message ("iotp up")
	 * @throws PlatformException when the other holds it longer than {@code wait}
	 */
	public static PlatformLock acquire(Path dataDir, String what, Duration wait, Progress progress) {
		return acquire(dataDir, what, wait, progress, false);
	}

	/**
	 * The lock for {@code iotp down}, which does not wait for a start in progress (e.g.
	 * monitoring restarting a component that died, which can take minutes): an
	 * {@code iotp up} holding the lock is stopped with SIGTERM, and what it started is
	 * stopped by this down with the rest. Another down is waited for.
	 */
	public static PlatformLock acquireForDown(Path dataDir, Duration wait, Progress progress) {
		return acquire(dataDir, DOWN, wait, progress, true);
	}

	private static PlatformLock acquire(Path dataDir, String what, Duration wait, Progress progress, boolean stopAnUp) {
		DataDirectory.requireNoFile(dataDir);
		Path file = dataDir.resolve("run").resolve("iotp.lock");
		Instant deadline = Instant.now().plus(wait);
		FileChannel channel = null;
		try {
			Files.createDirectories(file.getParent());
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			boolean said = false;
			boolean stoppedAnUp = false;
			while (true) {
				FileLock lock = tryLock(channel);
				if (lock != null) {
					channel.truncate(0);
					channel.write(ByteBuffer.wrap(
							(what + " (pid " + ProcessHandle.current().pid() + ")\n").getBytes(StandardCharsets.UTF_8)),
							0);
					return new PlatformLock(channel, lock);
				}
				if (stopAnUp && !stoppedAnUp) {
					stoppedAnUp = stopUp(file, dataDir, progress);
					said = said || stoppedAnUp;
				}
				if (Instant.now().isAfter(deadline)) {
					throw new PlatformException("another iotp command still works on " + dataDir + " after "
							+ wait.toSeconds() + " s: " + holder(file) + "; wait for it or stop it, then try again");
				}
				if (!said) {
					progress.say("Waiting for another iotp command on " + dataDir + " to finish: " + holder(file));
					said = true;
				}
				Thread.sleep(POLL);
			}
		}
		catch (IOException ex) {
			close(channel);
			throw new PlatformException("cannot lock " + file + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			close(channel);
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted while waiting for another iotp command on " + dataDir);
		}
		catch (RuntimeException ex) {
			close(channel);
			throw ex;
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			// closing the channel below releases it as well
		}
		close(this.channel);
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException heldHere) {
			// this JVM holds it already, as the operating system's lock does not tell
			return null;
		}
	}

	/**
	 * Stops the {@code iotp up} the lock file names, if it is one and not this process.
	 * @return whether it was told to stop
	 */
	private static boolean stopUp(Path file, Path dataDir, Progress progress) {
		Matcher up = UP_HOLDER.matcher(holder(file));
		if (!up.matches()) {
			return false;
		}
		long pid = Long.parseLong(up.group(1));
		if (pid == ProcessHandle.current().pid()) {
			return false;
		}
		return ProcessHandle.of(pid).map((process) -> {
			progress.say("Stopping the start in progress on " + dataDir + " (" + up.group()
					+ "): a down does not wait for it");
			return process.destroy();
		}).orElse(false);
	}

	private static String holder(Path file) {
		try {
			String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
			return holder.isEmpty() ? "unknown" : holder;
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void close(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// nothing more to release
			}
		}
	}

}
