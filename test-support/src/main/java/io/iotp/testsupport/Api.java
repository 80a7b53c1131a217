package io.iotp.testsupport;

import java.io.ByteArrayOutputStream;
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
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's REST API on {@code 127.0.0.1} over real HTTP, as its clients call it: a
 * developer or admin with the bearer token it was given ({@link #as(String)}), a device
 * with its key ({@link #key(String)}), or anonymously. Closing it stops its HTTP client;
 * the clients {@link #as}, {@link #key} and {@link #with} derive share it.
 */
public final class Api implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final String base;

	private final Map<String, String> headers;

	/** Without a token: only public paths answer. */
	public Api(int port) {
		this(port, null);
	}

	public Api(int port, @Nullable String token) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port,
				(token != null) ? Map.of("Authorization", "Bearer " + token) : Map.of());
	}

	private Api(HttpClient http, String base, Map<String, String> headers) {
		this.http = http;
		this.base = base;
		this.headers = headers;
	}

	/** The same API called with {@code Authorization: Bearer <token>}. */
	public Api as(String token) {
		return with("Authorization", "Bearer " + token);
	}

	/** The same API called with a device's {@code X-Sensor-Key}. */
	public Api key(String key) {
		return with("X-Sensor-Key", key);
	}

	/** The same API called with one more header (or another value of it). */
	public Api with(String header, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(header, value);
		return new Api(this.http, this.base, headers);
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	public Response get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET());
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	public Response postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	public Response putJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response post(String path, @Nullable String contentType, byte[] body) {
		HttpRequest.Builder request = request(path);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** {@code multipart/form-data} with the zip as part {@code part}. */
	public Response upload(String path, String part, byte[] zip) {
		String boundary = "----iotp" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part
				+ "\"; filename=\"app.zip\"\r\nContent-Type: application/zip\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(zip);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
	}

	/** An app package uploaded as app-controller takes it. */
	public Response upload(byte[] zip) {
		return upload("/api/apps", "file", zip);
	}

	/**
	 * A request to {@code path} carrying this client's headers, for what the methods
	 * above do not send.
	 */
	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		this.headers.forEach(request::header);
		return request;
	}

	/**
	 * Sends a request built from {@link #request(String)}, its body read by {@code body}.
	 */
	public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.http.send(request.build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Response send(HttpRequest.Builder request) {
		HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
		return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.headers().firstValue("Location").orElse(""),
				response.headers().firstValue("Content-Disposition").orElse(""),
				response.headers().firstValue("Retry-After").orElse(null), response.body());
	}

	@Override
	public void close() {
		this.http.shutdownNow();
	}

	/**
	 * An answer.
	 *
	 * @param status HTTP status
	 * @param contentType its Content-Type, or empty
	 * @param location its Location, or empty
	 * @param contentDisposition its Content-Disposition, or empty
	 * @param retryAfter its Retry-After, if any
	 * @param body the body
	 */
	public record Response(int status, String contentType, String location, String contentDisposition,
			@Nullable String retryAfter, byte[] body) {

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
