package io.iotp.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The {@code docker} command line, for tests that start containers of their own or look
 * at the platform's; and whether this machine can run them.
 */
public final class DockerCommand {

	private static final long TIMEOUT_SECONDS = 60;

	private DockerCommand() {
	}

	/**
	 * The output of {@code docker <arguments>}, stripped.
	 * @throws IllegalStateException when it fails, with its output
	 */
	public static String run(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker"));
		command.addAll(Arrays.asList(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(
						String.join(" ", command) + " took more than " + TIMEOUT_SECONDS + " s");
			}
			String text = new String(output, StandardCharsets.UTF_8).strip();
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("docker could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Why this machine cannot run the images named, or null when it can. */
	public static @Nullable String missing(String... images) {
		try {
			run("info", "--format", "{{.ServerVersion}}");
		}
		catch (IllegalStateException ex) {
			return "the Docker engine does not answer (" + ex.getMessage() + ")";
		}
		for (String image : images) {
			try {
				run("image", "inspect", "--format", "{{.Id}}", image);
			}
			catch (IllegalStateException ex) {
				return "image " + image + " is missing";
			}
		}
		return null;
	}

	/**
	 * Fails where Docker is expected (CI, or {@code IOTP_REQUIRE_DOCKER=1}) but the
	 * engine or an image is missing; elsewhere aborts the test, saying on stderr what to
	 * do.
	 * @param remedy what makes the images, e.g. "run './iotp images'"
	 */
	public static void require(String test, String remedy, String... images) {
		String missing = missing(images);
		if (missing == null) {
			return;
		}
		String message = test + " cannot run: " + missing + ". Start the Docker engine and " + remedy
				+ " (CI does both).";
		System.err.println("SKIPPED " + message);
		if (System.getenv("CI") != null || "1".equals(System.getenv("IOTP_REQUIRE_DOCKER"))) {
			throw new IllegalStateException(message);
		}
		org.junit.jupiter.api.Assumptions.abort(message);
	}

}
