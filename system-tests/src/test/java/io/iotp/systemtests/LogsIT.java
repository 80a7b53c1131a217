package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;

/**
 * An app's output on the running platform, through the gateway: what it prints is in
 * {@code GET /api/logs?app=} within seconds, with its secrets masked, and live on the SSE
 * stream; another developer sees none of it.
 */
@ExtendWith(SharedPlatform.class)
class LogsIT {

	private final String run = UUID.randomUUID().toString().substring(0, 6);

	private PlatformApi ada;

	private PlatformApi bob;

	@BeforeEach
	void developers(Platform platform) {
		this.ada = developer(platform, "ada" + this.run);
		this.bob = developer(platform, "bob" + this.run);
	}

	@Test
	void whatAnAppPrintsIsSearchableMaskedLiveAndOnlyForItsOwner() throws Exception {
		String app = "talker" + this.run;
		assertThat(this.ada.upload(talkingApp(app), app + ".zip").statusCode()).isEqualTo(201);
		HttpResponse<String> deploy = this.ada.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		String deployment = PlatformApi.json(deploy).get("id").asString();
		String[] link = new String[1];
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode status = PlatformApi.json(this.ada.get("/api/deployments/" + deployment));
			assertThat(status.get("status").asString()).isEqualTo("RUNNING");
			link[0] = this.ada.local(status.get("url").asString());
		});

		// the line it printed on start, with the password it should not have printed,
		// masked
		JsonNode started = awaitLine(this.ada, app, "started-" + app);
		assertThat(started.get("message").asString()).doesNotContain("hunter2-" + this.run).contains("password");
		assertThat(started.get("app").asString()).isEqualTo(app);

		// a line printed now shows up in the search within seconds, and live on the
		// stream
		HttpRequest.Builder streamRequest = HttpRequest.newBuilder(this.ada.uri("/api/logs/stream?app=" + app))
			.header("Accept", "text/event-stream");
		HttpResponse<InputStream> stream = this.ada.stream(streamRequest);
		assertThat(stream.statusCode()).isEqualTo(200);
		CompletableFuture<String> seen = CompletableFuture
			.supplyAsync(() -> firstLineContaining(stream.body(), "said-" + this.run));
		try {
			Instant said = Instant.now();
			assertThat(this.ada.get(link[0] + "say?word=said-" + this.run).statusCode()).isEqualTo(200);
			assertThat(seen.get(30, TimeUnit.SECONDS)).contains("said-" + this.run);
			awaitLine(this.ada, app, "said-" + this.run);
			System.out.printf("LOGS line printed -> searchable in %d ms%n",
					Duration.between(said, Instant.now()).toMillis());
		}
		finally {
			stream.body().close();
		}

		// another developer asking for ada's app gets nothing, in any form
		HttpResponse<String> theirs = this.bob.get("/api/logs?app=" + app);
		assertThat(theirs.statusCode()).isEqualTo(200);
		assertThat(PlatformApi.json(theirs).get("items").size()).isZero();
		assertThat(this.bob.get("/api/logs").body()).doesNotContain(app);
		HttpResponse<String> download = this.bob.get("/api/logs/download?format=ndjson&app=" + app);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).doesNotContain("said-" + this.run);

		assertThat(this.ada.delete("/api/deployments/" + deployment).statusCode()).isIn(200, 202, 204);
	}

	private JsonNode awaitLine(PlatformApi api, String app, String text) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> page = api.get("/api/logs?app=" + app + "&q=" + text);
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			JsonNode items = PlatformApi.json(page).get("items");
			assertThat(items.size()).isPositive();
			found[0] = items.get(0);
		});
		return found[0];
	}

	private static String firstLineContaining(InputStream body, String text) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			for (String line; (line = reader.readLine()) != null;) {
				if (line.contains(text)) {
					return line;
				}
			}
			return "";
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static PlatformApi developer(Platform platform, String name) {
		PlatformApi anonymous = new PlatformApi(platform);
		HttpResponse<String> register = anonymous.postJson("/api/auth/register", "{\"username\": \"" + name
				+ "\", \"password\": \"logs-passphrase-1\", \"email\": \"" + name + "@example.org\"}");
		assertThat(register.statusCode()).as(register.body()).isEqualTo(201);
		return anonymous.loggedInAs(name, "logs-passphrase-1");
	}

	/**
	 * A Python web service that prints a line (with a password in it) on start, and
	 * whatever /say?word= is.
	 */
	private byte[] talkingApp(String name) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "prints what it is told", "entryService": "web"}
				""".formatted(name));
		files.put("services/web/config.json", """
				{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 1}}
				""");
		files.put("services/web/main.py", """
				import os
				from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
				from urllib.parse import parse_qs, urlsplit

				print("started-%s with password=hunter2-%s", flush=True)

				class Handler(BaseHTTPRequestHandler):
				    def do_GET(self):
				        url = urlsplit(self.path)
				        if url.path == "/say":
				            print(parse_qs(url.query).get("word", [""])[0], flush=True)
				        self.send_response(200)
				        self.send_header("Content-Length", "2")
				        self.end_headers()
				        self.wfile.write(b"ok")

				    def log_message(self, *args):
				        pass

				ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
				""".formatted(name, this.run));
		return AppZips.zip(files);
	}

}
