package io.iotp.appcontroller.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app controller's REST API over real HTTP, as a developer's client calls it: with the bearer token
 * it was given ({@link #as(String)}), or none.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String token;

	/** Without a token: only public paths answer. */
	public Api(int port) {
		this("http://127.0.0.1:" + port, null);
	}

	public Api(int port, String token) {
		this("http://127.0.0.1:" + port, token);
	}

	private Api(String base, @Nullable String token) {
		this.base = base;
		this.token = token;
	}

	/** The same API called with another token. */
	public Api as(String token) {
		return new Api(this.base, token);
	}

	public Response get(String path) {
		return send(request(path).GET().build());
	}

	public Response get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET().build());
	}

	public Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	public Response postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	public Response post(String path, String contentType, byte[] body) {
		return send(request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	/** {@code multipart/form-data} with the zip as part {@code part}. */
	public Response upload(String path, String part, byte[] zip) {
		String boundary = "----iotp" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part
				+ "\"; filename=\"app.zip\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(zip);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
	}

	public Response upload(byte[] zip) {
		return upload("/api/apps", "file", zip);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		return request;
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(""),
					response.headers().firstValue("Content-Disposition").orElse(""), response.body());
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
	 * @param location its Location, or empty
	 * @param contentDisposition its Content-Disposition, or empty
	 * @param body the body
	 */
	public record Response(int status, String contentType, String location, String contentDisposition, byte[] body) {

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
