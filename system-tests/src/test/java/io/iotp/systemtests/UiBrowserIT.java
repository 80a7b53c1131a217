package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.Platform;

/**
 * The web UI in a real browser against the running platform:
 * {@code platform-ui/e2e/flow.mjs} drives Debian's chromium through playwright-core
 * (register, login, contract, a refused and an accepted upload, a sensor and its live
 * chart, deploy with the cron preview, the app link, logs, stop, an expired session, a
 * phone screen, the admin pages). It fails on any step and on any console error nobody
 * expected; its output is printed here and its screenshots land in
 * target/ui-screenshots/.
 */
@ExtendWith(SharedPlatform.class)
class UiBrowserIT {

	private static final long TIMEOUT_MINUTES = 10;

	@Test
	void aDeveloperAndAnAdminUseThePlatformThroughTheWebUi(Platform platform) throws Exception {
		Path projectRoot = platform.layout().projectRoot();
		Path uiModule = projectRoot.resolve("platform-ui");
		Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
		assertThat(uiModule.resolve("node_modules/playwright-core"))
			.as("playwright-core is installed by the platform-ui build (npm ci); build platform-ui first")
			.isDirectory();
		assertThat(chromium).as("the browser test drives Debian's chromium: apt-get install -y chromium (.ci/run does)")
			.isExecutable();
		Path screenshots = Path.of("target", "ui-screenshots").toAbsolutePath();
		Files.createDirectories(screenshots);

		ProcessBuilder builder = new ProcessBuilder("node", "e2e/flow.mjs").directory(uiModule.toFile())
			.redirectErrorStream(true);
		builder.environment().put("IOTP_GATEWAY", "http://127.0.0.1:" + platform.layout().ports().gateway());
		builder.environment().put("IOTP_ADMIN", Files.readString(platform.layout().adminCredentialsFile()).trim());
		builder.environment().put("IOTP_SCREENSHOTS", screenshots.toString());
		builder.environment().put("CHROMIUM", chromium.toString());
		builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		Process node = builder.start();
		List<String> output = new ArrayList<>();
		Thread pump = Thread.ofPlatform().name("ui-e2e-output").start(() -> pump(node, output));
		try {
			boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
			assertThat(finished).as("the browser test did not finish within %d minutes", TIMEOUT_MINUTES).isTrue();
			pump.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(node.exitValue()).as("the browser test failed; its output:%n%s", String.join("\n", output))
				.isZero();
		}
		finally {
			node.descendants().forEach(ProcessHandle::destroyForcibly);
			node.destroyForcibly();
		}
		try (var files = Files.list(screenshots)) {
			assertThat(files.filter(file -> file.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(15);
		}
	}

	private static void pump(Process process, List<String> output) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				System.out.println(line);
				synchronized (output) {
					output.add(line);
				}
			}
		}
		catch (IOException ex) {
			System.out.println("[ui-e2e] output ended: " + ex.getMessage());
		}
	}

}
