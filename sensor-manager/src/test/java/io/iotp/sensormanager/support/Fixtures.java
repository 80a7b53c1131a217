package io.iotp.sensormanager.support;

import java.util.UUID;

import tools.jackson.databind.JsonNode;
import io.iotp.testsupport.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Sensor types and sensors the tests register through the API. */
public final class Fixtures {

	/**
	 * A type with a field of every kind, created once per context (a 409 means it is
	 * there).
	 */
	public static final String CLIMATE = "climate";

	private Fixtures() {
	}

	public static void climateType(Api developer) {
		Api.Response response = developer.postJson("/api/sensor-types", """
				{"name": "climate", "description": "test climate sensor", "fields": [
				  {"name": "temperature", "type": "number", "unit": "°C", "min": -50, "max": 100},
				  {"name": "humidity", "type": "number", "unit": "%", "min": 0, "max": 100},
				  {"name": "count", "type": "integer", "min": 0, "max": 1000000},
				  {"name": "on", "type": "boolean"},
				  {"name": "status", "type": "string"}]}""");
		assertThat(response.status()).as(response.toString()).isIn(201, 409);
	}

	/** Registers a climate sensor with a fresh id. */
	public static Registered sensor(Api developer, String location) {
		climateType(developer);
		String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
		Api.Response response = developer.postJson("/api/sensors",
				"{\"id\": \"" + id + "\", \"type\": \"climate\", \"location\": \"" + location + "\"}");
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		JsonNode body = response.json();
		return new Registered(body.path("id").asString(), body.path("apiKey").asString());
	}

	/**
	 * A registered sensor and its key.
	 *
	 * @param id sensor id
	 * @param key API key
	 */
	public record Registered(String id, String key) {
	}

}
