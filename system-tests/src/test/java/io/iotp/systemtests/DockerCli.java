package io.iotp.systemtests;

import java.util.List;

import io.iotp.testsupport.DockerCommand;

/**
 * The {@code docker} command, for system tests that look at the containers the platform
 * runs; and whether this machine can run them at all.
 */
final class DockerCli {

	private DockerCli() {
	}

	/** The output of {@code docker <arguments>}; fails the test when it fails. */
	static String run(String... arguments) {
		return DockerCommand.run(arguments);
	}

	/** Whether the engine answers (a machine without Docker runs no containers). */
	static boolean available() {
		return DockerCommand.missing() == null;
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
		DockerCommand.require(test, "run './iotp images'", "iotp-runtime/python:bookworm",
				"iotp-runtime/java:bookworm");
	}

}
