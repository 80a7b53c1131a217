package io.iotp.bootstrapper.simulate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.iotp.bootstrapper.platform.PlatformException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few calls of the platform's REST API the simulator makes, as a logged-in user. */
final class PlatformApiClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http;

	private final URI gateway;

	private final JsonMapper json = JsonMapper.builder().build();

	private @Nullable String token;

	PlatformApiClient(HttpClient http, URI gateway, @Nullable String token) {
		this.http = http;
		this.gateway = gateway;
		this.token = token;
	}

	void login(String username, String password) {
		JsonNode answer = call("POST", "/api/auth/login", Map.of("username", username, "password", password), 200)
			.orElseThrow();
		this.token = answer.get("token").asString();
	}

	/** The sensor type, or empty when it does not exist. */
	Optional<JsonNode> sensorType(String name) {
		return call("GET", "/api/sensor-types/" + name, null, 200, 404);
	}

	JsonNode createSensorType(Map<String, Object> type) {
		return call("POST", "/api/sensor-types", type, 201, 200).orElseThrow();
	}

	boolean sensorExists(String id) {
		return call("GET", "/api/sensors/" + id, null, 200, 404).isPresent();
	}

	/** A new sensor: its {@code id} and, once, its {@code apiKey}. */
	JsonNode createSensor(String type, String location) {
		return call("POST", "/api/sensors",
				Map.of("type", type, "location", location, "metadata", Map.of("simulated", true)), 201, 200)
			.orElseThrow();
	}

	/**
	 * @param expected the statuses that are not a failure; a 404 among them answers empty
	 */
	private Optional<JsonNode> call(String method, String path, @Nullable Object body, int... expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.gateway.resolve(path))
			.timeout(TIMEOUT)
			.header("Accept", "application/json");
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new PlatformException("cannot reach the platform at " + this.gateway + " (" + ex.getMessage()
					+ "). Is it up? Try: iotp status");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted");
		}
		for (int status : expected) {
			if (response.statusCode() == status) {
				return (status == 404 || response.body().isBlank()) ? Optional.empty()
						: Optional.of(this.json.readTree(response.body()));
			}
		}
		throw new PlatformException(
				method + " " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

}
