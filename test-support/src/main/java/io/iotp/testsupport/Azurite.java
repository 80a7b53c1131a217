package io.iotp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service (the Azure Blob Storage emulator the build installs into
 * {@code infra/azurite}) as a process of the test's own, on a free loopback port, in
 * memory; stopped by its PID on {@link #close()}.
 */
public final class Azurite implements AutoCloseable {

	/** Azurite's well-known development account (public, the same for every Azurite). */
	private static final String ACCOUNT = "devstoreaccount1";

	private static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private final int port;

	private Azurite(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts Azurite's blob service and waits until it accepts connections.
	 * @param logFile where its output goes
	 */
	public static Azurite start(Path logFile) {
		Path executable = executable();
		int port = FreePorts.any();
		try {
			Files.createDirectories(logFile.toAbsolutePath().getParent());
			Process process = new ProcessBuilder(
					List.of(executable.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
							"--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry"))
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
			Azurite azurite = new Azurite(process, port);
			azurite.awaitListening(logFile);
			return azurite;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + executable, ex);
		}
	}

	/** The connection string of its development account. */
	public String connectionString() {
		return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
				+ blobEndpoint() + ";";
	}

	/** The account's blob endpoint, {@code http://127.0.0.1:<port>/devstoreaccount1}. */
	public String blobEndpoint() {
		return "http://127.0.0.1:" + this.port + "/" + ACCOUNT;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitListening(Path logFile) throws IOException {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"Azurite exited with " + this.process.exitValue() + ": " + Files.readString(logFile));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		close();
		throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + this.port + " within "
				+ START_TIMEOUT.toSeconds() + " s: " + Files.readString(logFile));
	}

	/**
	 * {@code infra/azurite/node_modules/.bin/azurite-blob} of the repository around the
	 * working folder.
	 */
	private static Path executable() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("infra/azurite/node_modules/.bin/azurite-blob");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("Azurite is not installed: the build installs it with 'npm install' in "
				+ "infra/azurite (test-support's generate-resources phase); run ./mvnw -pl test-support package");
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Azurite", ex);
		}
	}

}
