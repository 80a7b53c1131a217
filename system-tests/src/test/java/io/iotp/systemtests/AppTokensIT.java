package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;

/**
 * An app's {@code IOTP_API_TOKEN} on the running platform: a Python service lists its
 * bound sensors through {@code IOTP_API_URL} (the gateway) with it, and the token, which
 * the test app hands out for the test's sake, reads and commands the bound sensors only,
 * opens nothing else, and stops working when the deployment is stopped.
 */
@ExtendWith(SharedPlatform.class)
class AppTokensIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	@Test
	void anAppReadsAndCommandsItsBoundSensorsWithItsTokenUntilItStops(Platform platform) {
		String run = UUID.randomUUID().toString().substring(0, 6);
		PlatformApi developer = PlatformApi.newDeveloper(platform, "apptoken" + run, "app-token-passphrase-1");
		developer.ensureTemperatureType();
		String location = "tokenhouse-" + run;
		String first = "ta-" + run;
		String second = "tb-" + run;
		String elsewhere = "tc-" + run;
		developer.registerSensor(first, "temperature", location);
		String secondKey = developer.registerSensor(second, "temperature", location);
		developer.registerSensor(elsewhere, "temperature", "shed-" + run);
		String app = "tok" + run;
		HttpResponse<String> uploaded = developer.upload(tokenApp(app, location), app + ".zip");
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		HttpResponse<String> deploy = developer.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		String deployment = PlatformApi.json(deploy).get("id").asString();
		String link = developer
			.local(developer.awaitDeployment(deployment, "RUNNING", TO_RUNNING).get("url").asString());

		// the app itself, through IOTP_API_URL with its token (the gateway learns the
		// link's instance from Kafka)
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> answer = developer.get(link + "sensors");
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			JsonNode listed = PlatformApi.json(answer);
			assertThat(listed.get("status").asInt()).as(listed.toString()).isEqualTo(200);
			assertThat(listed.get("body").findValuesAsString("id")).containsExactlyInAnyOrder(first, second);
		});

		String token = PlatformApi.json(developer.get(link + "token")).get("token").asString();
		assertThat(token).startsWith("iotp_app_" + deployment + "_");
		PlatformApi asApp = developer.withToken(token);
		assertThat(asApp.get("/api/sensors/" + first).statusCode()).isEqualTo(200);
		assertThat(asApp.get("/api/sensors/" + elsewhere).statusCode()).isEqualTo(404);
		assertThat(asApp.get("/api/sensors/" + elsewhere + "/data/latest").statusCode()).isEqualTo(404);
		HttpResponse<String> command = asApp.postJson("/api/sensors/" + second + "/commands", "{\"name\": \"vent\"}");
		assertThat(command.statusCode()).as(command.body()).isEqualTo(202);
		String commandId = PlatformApi.json(command).get("id").asString();
		HttpResponse<String> pending = developer.withToken(null)
			.send(HttpRequest.newBuilder(developer.uri("/api/sensors/" + second + "/commands/pending"))
				.header("X-Sensor-Key", secondKey)
				.GET());
		assertThat(PlatformApi.json(pending).findValuesAsString("id")).containsExactly(commandId);
		assertThat(asApp.postJson("/api/sensors/" + elsewhere + "/commands", "{\"name\": \"vent\"}").statusCode())
			.isEqualTo(404);
		for (String path : List.of("/api/apps", "/api/sensor-types", "/api/deployments/" + deployment)) {
			HttpResponse<String> refused = asApp.get(path);
			assertThat(refused.statusCode()).as(path).isEqualTo(403);
			assertThat(refused.body()).contains("auth.forbidden");
		}
		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThat(developer.withToken(tampered).get("/api/sensors").statusCode()).isEqualTo(401);

		assertThat(developer.delete("/api/deployments/" + deployment).statusCode()).isIn(200, 202, 204);
		developer.awaitDeployment(deployment, "STOPPED", TO_RUNNING);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(asApp.get("/api/sensors").statusCode()).isEqualTo(401));
	}

	/**
	 * One Python service bound to the two temperature sensors of {@code location}:
	 * {@code /sensors} asks the platform for them with its token and answers what it got,
	 * {@code /token} hands out the token.
	 */
	private static byte[] tokenApp(String name, String location) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "uses its app token", "entryService": "web",
				 "sensors": [{"type": "temperature", "location": "%s", "count": 2, "services": ["web"]}]}
				""".formatted(name, location));
		files.put("services/web/config.json", """
				{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 1},
				 "sensorDelivery": "none"}
				""");
		files.put("services/web/main.py",
				"""
						import json, os, urllib.error, urllib.request
						from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

						API = os.environ["IOTP_API_URL"].rstrip("/")
						TOKEN = os.environ.get("IOTP_API_TOKEN", "")

						class Handler(BaseHTTPRequestHandler):
						    def do_GET(self):
						        if self.path == "/health":
						            return self.answer({"ok": True})
						        if self.path == "/token":
						            return self.answer({"token": TOKEN})
						        if self.path == "/sensors":
						            request = urllib.request.Request(API + "/api/sensors", headers={"Authorization": "Bearer " + TOKEN})
						            try:
						                with urllib.request.urlopen(request, timeout=10) as response:
						                    return self.answer({"status": response.status, "body": json.load(response)})
						            except urllib.error.HTTPError as error:
						                return self.answer({"status": error.code, "body": error.read().decode()})
						        self.send_response(404)
						        self.send_header("Content-Length", "0")
						        self.end_headers()

						    def answer(self, body):
						        data = json.dumps(body).encode()
						        self.send_response(200)
						        self.send_header("Content-Type", "application/json")
						        self.send_header("Content-Length", str(len(data)))
						        self.end_headers()
						        self.wfile.write(data)

						    def log_message(self, *args):
						        pass

						ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
						""");
		return AppZips.zip(files);
	}

}
