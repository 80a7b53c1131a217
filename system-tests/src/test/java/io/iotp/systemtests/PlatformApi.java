package io.iotp.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API of a running platform, called through its gateway the way a developer's tools do. */
final class PlatformApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String gateway;

	private final String token;

	PlatformApi(Platform platform) {
		this("http://127.0.0.1:" + platform.layout().ports().gateway(), null);
	}

	private PlatformApi(String gateway, String token) {
		this.gateway = gateway;
		this.token = token;
	}

	/** The same API, calling with this bearer token. */
	PlatformApi withToken(String bearer) {
		return new PlatformApi(this.gateway, bearer);
	}

	/** Logs in and returns the API as that user. */
	PlatformApi loggedInAs(String username, String password) {
		HttpResponse<String> login = postJson("/api/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
		if (login.statusCode() != 200) {
			throw new IllegalStateException("login of " + username + " failed: " + login.statusCode() + " " + login.body());
		}
		return withToken(json(login).get("token").asString());
	}

	/** Logs in as the admin generated on the platform's first start. */
	PlatformApi asAdmin(Platform platform) {
		try {
			String[] credentials = java.nio.file.Files.readString(platform.layout().adminCredentialsFile()).trim().split(":", 2);
			return loggedInAs(credentials[0], credentials[1]);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String token() {
		return this.token;
	}

	HttpResponse<String> upload(byte[] zip, String fileName) {
		String boundary = "iotp-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(zip);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(uri("/api/apps"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/**
	 * Makes sure the sensor type {@code temperature} with the field the samples read
	 * ({@code temperature}, a number in °C) exists; it is shared by every developer.
	 */
	void ensureTemperatureType() {
		// sensor-manager may still be coming back from a test that killed it
		HttpResponse<String> created = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> postJson("/api/sensor-types", """
					{"name": "temperature", "description": "air temperature",
					 "fields": [{"name": "temperature", "type": "number", "unit": "°C", "min": -40, "max": 85}]}"""),
					(response) -> response.statusCode() != 503);
		if (created.statusCode() != 201 && created.statusCode() != 409) {
			throw new IllegalStateException("cannot create the temperature type: " + created.statusCode() + " "
					+ created.body());
		}
		String type = get("/api/sensor-types/temperature").body();
		if (!type.contains("\"name\":\"temperature\",\"type\":\"number\"")) {
			throw new IllegalStateException("the temperature type lacks the samples' field: " + type);
		}
	}

	/** Registers a sensor of the caller's and answers its API key. */
	String registerSensor(String id, String type, String location) {
		HttpResponse<String> created = postJson("/api/sensors",
				"{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"location\": \"" + location + "\"}");
		if (created.statusCode() != 201) {
			throw new IllegalStateException("cannot register sensor " + id + ": " + created.statusCode() + " "
					+ created.body());
		}
		return json(created).get("apiKey").asString();
	}

	/** Registers the sensor the Python sample asks for (a temperature sensor in greenhouse-1) unless there is one. */
	void ensureGreenhouseSensor() {
		ensureTemperatureType();
		if (!get("/api/sensors?type=temperature&location=greenhouse-1").body().contains("\"id\"")) {
			registerSensor("gh-" + UUID.randomUUID().toString().substring(0, 8), "temperature", "greenhouse-1");
		}
	}

	HttpResponse<String> postJson(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl)).GET());
	}

	HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	/** The app link as the platform hands it out, but on the test's loopback gateway address. */
	String local(String url) {
		return url.replaceFirst("^https?://[^/]+", this.gateway);
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	URI uri(String path) {
		return URI.create(this.gateway + path);
	}

	/** A response read as it comes (a live stream); no overall timeout, the caller closes the body. */
	HttpResponse<java.io.InputStream> stream(HttpRequest.Builder request) {
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException("request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
