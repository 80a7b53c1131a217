package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API of a running platform, called through its gateway the way a developer's
 * tools do, and its MQTT broker the way devices publish.
 */
final class PlatformApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String gateway;

	private final String mqtt;

	private final String token;

	PlatformApi(Platform platform) {
		this("http://127.0.0.1:" + platform.layout().ports().gateway(),
				"tcp://127.0.0.1:" + platform.layout().ports().mqtt(), null);
	}

	/**
	 * The API of a platform whose gateway is elsewhere than on 127.0.0.1, e.g. a fleet's.
	 */
	static PlatformApi at(String gatewayUrl, String mqttUrl) {
		return new PlatformApi(gatewayUrl, mqttUrl, null);
	}

	private PlatformApi(String gateway, String mqtt, String token) {
		this.gateway = gateway;
		this.mqtt = mqtt;
		this.token = token;
	}

	/** Registers a new developer account and answers the API logged in as it. */
	static PlatformApi newDeveloper(Platform platform, String username, String password) {
		PlatformApi anonymous = new PlatformApi(platform);
		HttpResponse<String> register = anonymous.postJson("/api/auth/register", "{\"username\": \"" + username
				+ "\", \"password\": \"" + password + "\", \"email\": \"" + username + "@example.org\"}");
		assertThat(register.statusCode()).as(register.body()).isEqualTo(201);
		return anonymous.loggedInAs(username, password);
	}

	/** The same API, calling with this bearer token. */
	PlatformApi withToken(String bearer) {
		return new PlatformApi(this.gateway, this.mqtt, bearer);
	}

	/** Logs in and returns the API as that user. */
	PlatformApi loggedInAs(String username, String password) {
		HttpResponse<String> login = postJson("/api/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
		if (login.statusCode() != 200) {
			throw new IllegalStateException(
					"login of " + username + " failed: " + login.statusCode() + " " + login.body());
		}
		return withToken(json(login).get("token").asString());
	}

	/** Logs in as the admin generated on the platform's first start. */
	PlatformApi asAdmin(Platform platform) {
		try {
			String[] credentials = java.nio.file.Files.readString(platform.layout().adminCredentialsFile())
				.trim()
				.split(":", 2);
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
				+ "\"\r\nContent-Type: application/zip\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
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
			throw new IllegalStateException(
					"cannot create the temperature type: " + created.statusCode() + " " + created.body());
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
			throw new IllegalStateException(
					"cannot register sensor " + id + ": " + created.statusCode() + " " + created.body());
		}
		return json(created).get("apiKey").asString();
	}

	/**
	 * Registers the sensor the Python sample asks for (a temperature sensor in
	 * greenhouse-1) unless there is one.
	 */
	void ensureGreenhouseSensor() {
		ensureTemperatureType();
		// only the caller's own sensors are bound (an admin lists everyone's)
		String me = json(get("/api/auth/me")).get("username").asString();
		JsonNode sensors = json(get("/api/sensors?type=temperature&location=greenhouse-1"));
		boolean mine = sensors.valueStream().anyMatch((sensor) -> me.equals(sensor.get("owner").asString()));
		if (!mine) {
			registerSensor("gh-" + UUID.randomUUID().toString().substring(0, 8), "temperature", "greenhouse-1");
		}
	}

	/**
	 * A device POSTing readings (one or an array) to {@code /api/sensors/{id}/data} with
	 * its key.
	 */
	HttpResponse<String> sendReadings(String sensor, String key, String body) {
		return withToken(null).send(HttpRequest.newBuilder(uri("/api/sensors/" + sensor + "/data"))
			.header("Content-Type", "application/json")
			.header("X-Sensor-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * A gateway POSTing readings of several sensors to {@code /api/sensors/data:batch}
	 * with all their keys.
	 */
	HttpResponse<String> sendBatch(List<String> keys, String body) {
		return withToken(null).send(HttpRequest.newBuilder(uri("/api/sensors/data:batch"))
			.header("Content-Type", "application/json")
			.header("X-Sensor-Key", String.join(",", keys))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * A batch of {@code count} temperature readings for {@code /api/sensors/data:batch},
	 * spread over the sensors in turn, the values (15 to 34 °C) varied by {@code seed}.
	 */
	static String temperatureBatch(List<String> sensors, int count, int seed) {
		StringBuilder readings = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			readings.append(i == 0 ? "" : ",")
				.append("{\"sensorId\":\"")
				.append(sensors.get(i % sensors.size()))
				.append("\",\"values\":{\"temperature\":")
				.append(15 + (seed + i) % 20)
				.append("}}");
		}
		return readings.append("]").toString();
	}

	/**
	 * A device publishing {@code count} temperature readings to {@code sensors/{id}/data}
	 * with QoS 1, connected with its id and key; each publish returns once the platform
	 * acknowledged it.
	 */
	void publishTemperatures(String sensor, String key, int count) throws MqttException {
		MqttClient client = new MqttClient(this.mqtt, sensor, new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setUserName(sensor);
		options.setPassword(key.toCharArray());
		options.setCleanSession(true);
		client.connect(options);
		try {
			for (int i = 0; i < count; i++) {
				MqttMessage message = new MqttMessage(
						("{\"values\":{\"temperature\":" + (10 + i % 25) + "}}").getBytes(StandardCharsets.UTF_8));
				message.setQos(1);
				client.publish("sensors/" + sensor + "/data", message);
			}
		}
		finally {
			client.disconnect();
			client.close();
		}
	}

	/** Every stored reading of a sensor, read from its history page by page. */
	List<JsonNode> history(String sensor) {
		List<JsonNode> readings = new ArrayList<>();
		String cursor = null;
		do {
			HttpResponse<String> page = get("/api/sensors/" + sensor + "/data?limit=1000"
					+ ((cursor != null) ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : ""));
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			JsonNode answer = json(page);
			answer.get("items").forEach(readings::add);
			cursor = answer.hasNonNull("next") ? answer.get("next").asString() : null;
		}
		while (cursor != null);
		return readings;
	}

	/** Waits until the deployment has the status and answers it as last read. */
	JsonNode awaitDeployment(String deployment, String status, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			last[0] = json(get("/api/deployments/" + deployment));
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo(status);
		});
		return last[0];
	}

	/**
	 * A link's first answer once its deployment is RUNNING. The gateway learns the app's
	 * instances from {@code register-service} and the deployment's state comes from
	 * {@code deployment-status}: two consumers, which a loaded machine can put a moment
	 * apart, so a 404 (app not known yet) is asked again for up to 15 s.
	 */
	HttpResponse<String> getLink(String link) {
		return await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(link), (answer) -> answer.statusCode() != 404);
	}

	HttpResponse<String> postJson(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> get(String pathOrUrl) {
		return send(
				HttpRequest.newBuilder(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl)).GET());
	}

	HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	/**
	 * The app link as the platform hands it out, but on the test's loopback gateway
	 * address.
	 */
	String local(String url) {
		return url.replaceFirst("^https?://[^/]+", this.gateway);
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	URI uri(String path) {
		return URI.create(this.gateway + path);
	}

	/**
	 * A response read as it comes (a live stream); no overall timeout, the caller closes
	 * the body.
	 */
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
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
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
