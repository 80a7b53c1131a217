package io.iotp.bootstrapper.platform;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.iotp.bootstrapper.process.ProcessStopper;

/**
 * Makes the missing start-up caches ({@link StartupCaches}) before the services start:
 * each service is extracted and run once up to the end of its context's refresh
 * ({@code spring.context.exit=onRefresh}: its beans are created, it connects to the
 * infrastructure, but nothing is started, no port is opened) and the JVM writes the cache
 * as it exits. This costs about ten seconds of CPU time per service, once per build of a
 * service; every later start of it saves about half of its start-up CPU time.
 * <p>
 * A training run has every argument of a real start except the data directory, which is a
 * scratch one: nothing it does touches the platform's files. A cache that cannot be made
 * is not tried again for the same jar, and the service simply starts from its jar: the
 * caches only ever make a start faster.
 */
final class StartupCacheTraining {

	private static final Duration EXTRACT_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(180);

	private final PlatformLayout layout;

	private final PlatformComponents components;

	private final StartupCaches caches;

	private final Progress progress;

	StartupCacheTraining(PlatformLayout layout, PlatformComponents components, Progress progress) {
		this.layout = layout;
		this.components = components;
		this.caches = new StartupCaches(layout);
		this.progress = progress;
	}

	/**
	 * Makes the caches the named services lack; returns when every run has ended (made or
	 * not).
	 */
	void prepare(List<String> services) {
		if (!this.caches.enabled()) {
			return;
		}
		List<String> missing = services.stream().filter((service) -> {
			List<String> options = this.components.jvmOptions(service);
			return !this.caches.ready(service, options) && !this.caches.failedBefore(service, options);
		}).toList();
		if (missing.isEmpty()) {
			return;
		}
		int parallel = Math.max(1, Runtime.getRuntime().availableProcessors());
		this.progress.say("Making start-up caches for " + String.join(", ", missing) + " (once per build; " + parallel
				+ " at a time, about 10 s of CPU each; IOTP_STARTUP_CACHE=off skips this)");
		Path scratch = this.layout.dataDir().resolve("startup-cache-training");
		List<ComponentSpec> runs = this.components.trainingRuns(scratch,
				(service) -> this.caches.training(service, pendingCache(service)));
		try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
			for (ComponentSpec run : runs) {
				if (missing.contains(run.name())) {
					pool.submit(() -> make(run));
				}
			}
			pool.shutdown();
			pool.awaitTermination(TRAINING_TIMEOUT.multipliedBy(missing.size()).toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted while making start-up caches");
		}
		finally {
			try {
				deleteTree(scratch);
			}
			catch (UncheckedIOException ex) {
				this.progress.say("  (" + ex.getMessage() + ")");
			}
		}
	}

	private void make(ComponentSpec run) {
		String service = run.name();
		Instant begin = Instant.now();
		try {
			Files.createDirectories(this.caches.dir(service));
			try (FileChannel channel = FileChannel.open(this.caches.dir(service).resolve(".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
				if (lock == null) {
					say(service, "start-up cache is being made by another iotp; starts without it this time");
					return;
				}
				String key = this.caches.key(service, this.components.jvmOptions(service));
				String failure = train(run, key);
				if (failure == null) {
					say(service, "start-up cache made in " + Platform.seconds(Duration.between(begin, Instant.now())));
				}
				else {
					Files.writeString(this.caches.failedFile(service), key + "\n" + failure + "\n",
							StandardCharsets.UTF_8);
					say(service, "no start-up cache: " + failure + "; it starts from its jar (not tried again "
							+ "for this build; delete " + this.caches.failedFile(service) + " to retry)");
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			say(service, "no start-up cache: " + ex.getMessage() + "; it starts from its jar");
		}
	}

	/**
	 * @return null when the cache was made (and recorded under {@code key}), else why not
	 */
	private String train(ComponentSpec run, String key) throws IOException {
		String service = run.name();
		Path pending = pendingCache(service);
		Files.deleteIfExists(this.caches.keyFile(service));
		Files.deleteIfExists(this.caches.cacheFile(service));
		Files.deleteIfExists(pending);
		deleteTree(this.caches.extractedDir(service));
		Path log = this.layout.logDir().resolve("startup-cache-" + service + ".log");
		Files.createDirectories(log.getParent());
		String extracted = runToEnd(List.of(this.layout.javaCommand(), "-Djarmode=tools", "-jar",
				this.layout.serviceJar(service).toString(), "extract", "--destination",
				this.caches.extractedDir(service).toString()), log, EXTRACT_TIMEOUT);
		if (extracted != null) {
			return "extracting the jar " + extracted + " (see " + log + ")";
		}
		String trained = runToEnd(run.command(), log, TRAINING_TIMEOUT);
		if (trained != null || !Files.isRegularFile(pending)) {
			Files.deleteIfExists(pending);
			return "the training run " + ((trained != null) ? trained : "wrote no cache") + " (see " + log + ")";
		}
		Files.move(pending, this.caches.cacheFile(service), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		Files.writeString(this.caches.keyFile(service), key + "\n", StandardCharsets.UTF_8);
		Files.deleteIfExists(this.caches.failedFile(service));
		return null;
	}

	/**
	 * @return null when the command exited with 0 in time, else what happened
	 */
	private static String runToEnd(List<String> command, Path log, Duration timeout) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				new ProcessStopper().stop(process.toHandle(), Duration.ofSeconds(5));
				return "took longer than " + timeout.toSeconds() + " s and was stopped";
			}
			return (process.exitValue() == 0) ? null : "exited with " + process.exitValue();
		}
		catch (InterruptedException ex) {
			new ProcessStopper().stop(process.toHandle(), Duration.ofSeconds(5));
			Thread.currentThread().interrupt();
			return "was interrupted";
		}
	}

	/**
	 * Written under another name and moved into place once complete, so no start maps
	 * half a cache.
	 */
	private Path pendingCache(String service) {
		return this.caches.dir(service).resolve(service + ".aot.pending");
	}

	private void say(String service, String what) {
		this.progress.say(Platform.line(service, what));
	}

	private static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + dir + ": " + ex.getMessage(), ex);
		}
	}

}
