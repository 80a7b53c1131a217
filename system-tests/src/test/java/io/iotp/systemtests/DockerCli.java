package io.iotp.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command, for system tests that look at the containers the platform
 * runs; and whether this machine can run them at all.
 */
final class DockerCli {

	private DockerCli() {
	}

	/** The output of {@code docker <arguments>}; fails the test when it fails. */
	static String run(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker"));
		command.addAll(Arrays.asList(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " took more than 60 s");
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

	/** Whether the engine answers (a machine without Docker runs no containers). */
	static boolean available() {
		try {
			run("info", "--format", "{{.ServerVersion}}");
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/** The ids of every container, running or not, with the label {@code key=value}. */
	static List<String> containersLabelled(String key, String value) {
		String ids = run("ps", "-aq", "--filter", "label=" + key + "=" + value);
		return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
	}

	/**
	 * Fails where Docker is expected (CI, or {@code IOTP_REQUIRE_DOCKER=1}) but the
	 * engine or the base images are missing; elsewhere skips the test, saying what to do.
	 */
	static void require(String test) {
		String missing = missing();
		if (missing == null) {
			return;
		}
		String message = test + " cannot run: " + missing + ". Start the Docker engine and run './iotp images'"
				+ " (CI does both).";
		System.err.println("SKIPPED " + message);
		if (System.getenv("CI") != null || "1".equals(System.getenv("IOTP_REQUIRE_DOCKER"))) {
			throw new IllegalStateException(message);
		}
		org.junit.jupiter.api.Assumptions.abort(message);
	}

	private static String missing() {
		try {
			run("info", "--format", "{{.ServerVersion}}");
		}
		catch (IllegalStateException ex) {
			return "the Docker engine does not answer (" + ex.getMessage() + ")";
		}
		for (String runtime : List.of("python", "java")) {
			try {
				run("image", "inspect", "--format", "{{.Id}}", "iotp-runtime/" + runtime + ":bookworm");
			}
			catch (IllegalStateException ex) {
				return "base image iotp-runtime/" + runtime + ":bookworm is missing";
			}
		}
		return null;
	}

}
