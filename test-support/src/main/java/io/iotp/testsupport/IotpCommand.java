package io.iotp.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The iotp CLI as built ({@code bootstrapper/target/bootstrapper.jar}), run as its users
 * run it, to its end, with its output printed for the test's log.
 *
 * @param exitCode its exit code
 * @param output what it printed, stdout and stderr together
 */
public record IotpCommand(int exitCode, String output) {

	/**
	 * @param jar the bootstrapper jar
	 * @param limit how long it may take; it is killed after that
	 */
	public static IotpCommand run(Path jar, Duration limit, List<String> arguments) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within " + limit);
			}
			String text = new String(output, StandardCharsets.UTF_8);
			System.out.println("$ iotp " + String.join(" ", arguments) + "\n" + text);
			return new IotpCommand(process.exitValue(), text);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
