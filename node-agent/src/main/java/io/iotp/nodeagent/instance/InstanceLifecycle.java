package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.nodeagent.node.NodeProperties;

/**
 * The agent's hold on its work folder. On start it locks the folder (one agent per node),
 * re-adopts the instances a previous agent left running and reports the others stopped,
 * sweeps what ended instances left behind, and begins health checks; all before the
 * command listener starts, so a repeated start command finds the instance already known.
 * On stop it hands over to {@link InstanceSupervisor#shutdown()}.
 */
class InstanceLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InstanceLifecycle.class);

	private final NodeProperties properties;

	private final InstanceSupervisor supervisor;

	private final Path workDir;

	private @Nullable FileChannel lockFile;

	private @Nullable ScheduledExecutorService sweeper;

	private volatile boolean running;

	InstanceLifecycle(NodeProperties properties, InstanceSupervisor supervisor) {
		this.properties = properties;
		this.supervisor = supervisor;
		this.workDir = properties.resolvedWorkDir();
	}

	@Override
	public synchronized void start() {
		lockWorkDir();
		// left by an agent that died while unpacking; nothing else uses it yet
		PathCleaner.deleteQuietly(this.workDir.resolve("tmp"));
		this.supervisor.readopt();
		sweep();
		this.supervisor.startHealthChecks();
		this.sweeper = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("iotp-work-dir-sweeper").daemon(true).factory());
		this.sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.HOURS);
		this.running = true;
		log.info("node {} runs instances from {}", this.properties.id(), this.workDir);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.sweeper != null) {
			this.sweeper.shutdownNow();
		}
		this.supervisor.shutdown();
		unlockWorkDir();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Early: instances are known before commands arrive, and are handled after the
	 * listener stopped.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	/**
	 * Removes the code of instances no longer run, and their logs once older than the
	 * retention.
	 */
	private void sweep() {
		try {
			Set<String> live = this.supervisor.instanceIds()
				.stream()
				.map(InstanceId::value)
				.collect(Collectors.toSet());
			Instant logsBefore = Instant.now().minus(this.properties.logRetention());
			sweep(this.supervisor.instancesDir(), live, Instant.MAX);
			sweep(this.workDir.resolve("logs"), live, logsBefore);
		}
		catch (RuntimeException ex) {
			log.warn("could not sweep {}: {}", this.workDir, ex.toString());
		}
	}

	private static void sweep(Path parent, Set<String> live, Instant olderThan) {
		if (!Files.isDirectory(parent)) {
			return;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
			for (Path entry : entries) {
				if (!live.contains(entry.getFileName().toString())
						&& Files.getLastModifiedTime(entry).toInstant().isBefore(olderThan)) {
					PathCleaner.deleteQuietly(entry);
				}
			}
		}
		catch (IOException ex) {
			log.warn("could not sweep {}: {}", parent, ex.toString());
		}
	}

	private void lockWorkDir() {
		try {
			Files.createDirectories(this.workDir);
			FileChannel channel = FileChannel.open(this.workDir.resolve("agent.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				throw new IllegalStateException(
						"another node agent already runs on " + this.workDir + "; one agent per node (work dir) only");
			}
			this.lockFile = channel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use the work dir " + this.workDir, ex);
		}
	}

	private void unlockWorkDir() {
		if (this.lockFile != null) {
			try {
				this.lockFile.close();
			}
			catch (IOException ex) {
				log.debug("closing the work dir lock: {}", ex.toString());
			}
			this.lockFile = null;
		}
	}

}
