package io.iotp.contracts.samples;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample apps really run: each is unpacked from its zip and started the way a node
 * agent would ({@code PORT} set, in its service folder), then driven over HTTP the way
 * the platform and its users would.
 */
class SampleAppsRunTest {

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void pythonGreenhouseDashboardServesReadings(@TempDir Path dir) throws Exception {
		Path service = unpack(SampleApps.PYTHON_GREENHOUSE, dir).resolve("services/dashboard");

		runAndDrive(service, List.of("python3", "main.py"), "dashboard stopped");
	}

	@Test
	void helloJavaServesReadings(@TempDir Path dir) throws Exception {
		Path service = unpack(SampleApps.JAVA_HELLO, dir).resolve("services/web");
		String java = ProcessHandle.current().info().command().orElse("java");

		runAndDrive(service, List.of(java, "-jar", "app.jar"), "stopped");
	}

	private void runAndDrive(Path serviceDir, List<String> command, String stoppedLine) throws Exception {
		int port = freePort();
		Path log = serviceDir.resolve("out.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(serviceDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(Map.of("PORT", String.valueOf(port), "IOTP_INSTANCE_ID", "i-test"));
		Process process = builder.start();
		String base = "http://127.0.0.1:" + port;
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> healthy(base));

			HttpResponse<String> posted = post(base + "/sensor-data", """
					[{"id": "r-first", "sensorId": "s-1", "type": "temperature", "location": "greenhouse-1",
					  "ts": "2026-03-01T08:00:00Z", "receivedAt": "2026-03-01T08:00:01Z",
					  "values": {"temperature": 21.5}},
					 {"id": "r-second", "sensorId": "s-1", "type": "temperature", "location": "greenhouse-1",
					  "ts": "2026-03-01T08:00:05Z", "receivedAt": "2026-03-01T08:00:06Z",
					  "values": {"temperature": 35.0}}]""");
			assertThat(posted.statusCode()).isBetween(200, 299);
			assertThat(post(base + "/sensor-data", "[{\"id\": \"r-first\", \"values\": {}}]").body())
				.as("a redelivered reading is a duplicate")
				.contains("\"duplicates\"")
				.containsPattern("\"accepted\": ?0");
			assertThat(post(base + "/sensor-data", "not json").statusCode()).isEqualTo(400);

			HttpResponse<String> page = get(base + "/", "/apps/sample");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("r-first", "r-second").contains("href=\"/apps/sample/health\"");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(Files.readString(log)).contains("r-first", "r-second"));
		}
		finally {
			stop(process);
		}
		assertThat(Files.readString(log)).as("stopped gracefully on SIGTERM").contains(stoppedLine);
	}

	private boolean healthy(String base) {
		try {
			return get(base + "/health", null).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private HttpResponse<String> get(String url, String forwardedPrefix) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
		if (forwardedPrefix != null) {
			request.header("X-Forwarded-Prefix", forwardedPrefix);
		}
		return send(request.GET().build());
	}

	private HttpResponse<String> post(String url, String json) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static Path unpack(String sample, Path dir) throws IOException {
		for (Map.Entry<String, byte[]> file : SampleAppsTest.unzip(SampleApps.zip(sample)).entrySet()) {
			Path target = dir.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.write(target, file.getValue());
		}
		return dir;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * SIGTERM to the process and everything it started (a {@code python3} shim may run
	 * the interpreter as a child), then a kill for whatever is still alive after a grace
	 * period.
	 */
	private static void stop(Process process) throws InterruptedException {
		List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
		tree.forEach(ProcessHandle::destroy);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		for (ProcessHandle handle : tree) {
			try {
				handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				handle.destroyForcibly();
			}
		}
		process.waitFor(5, TimeUnit.SECONDS);
	}

}
