package io.iotp.sensormanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sensor manager's REST API over real HTTP, as a developer (bearer token) or a device (key) calls it. */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final Map<String, String> headers;

	public Api(int port) {
		this("http://127.0.0.1:" + port, Map.of());
	}

	private Api(String base, Map<String, String> headers) {
		this.base = base;
		this.headers = headers;
	}

	/** With {@code Authorization: Bearer <token>}. */
	public Api as(String token) {
		return with("Authorization", "Bearer " + token);
	}

	/** With {@code X-Sensor-Key}. */
	public Api key(String key) {
		return with("X-Sensor-Key", key);
	}

	public Api with(String header, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(header, value);
		return new Api(this.base, headers);
	}

	public Response get(String path) {
		return send(request(path).GET().build());
	}

	public Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	public Response postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	public Response putJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public Response post(String path, @Nullable String contentType, byte[] body) {
		HttpRequest.Builder request = request(path);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		this.headers.forEach(request::header);
		return request;
	}

	private static Response send(HttpRequest request) {
		try {
			HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers().firstValue("Retry-After").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status HTTP status
	 * @param contentType its Content-Type, or empty
	 * @param body the body
	 * @param retryAfter its Retry-After header, if any
	 */
	public record Response(int status, String contentType, byte[] body, @Nullable String retryAfter) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " " + text();
		}

	}

}
