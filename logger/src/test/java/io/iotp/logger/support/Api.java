package io.iotp.logger.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The logger's REST API over real HTTP, as a client calls it: with a bearer token, or none. */
public final class Api implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String token;

	public Api(int port, @Nullable String token) {
		this.base = "http://127.0.0.1:" + port;
		this.token = token;
	}

	/** {@code path?k=v&...}, the values URL-encoded. */
	public static String query(String path, String... keysAndValues) {
		Map<String, String> params = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			params.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		if (params.isEmpty()) {
			return path;
		}
		return path + "?" + params.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	public Response get(String path) {
		try {
			HttpResponse<byte[]> response = this.http.send(request(path).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
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

	/** Every item of every page of a query, following {@code next}, with the pages seen. */
	public List<JsonNode> all(String path, List<Integer> pageSizes) {
		return all(path, null, pageSizes);
	}

	/** Every item of every page of a query from {@code cursor} on, following {@code next}, with the pages seen. */
	public List<JsonNode> all(String path, @Nullable String cursor, List<Integer> pageSizes) {
		List<JsonNode> items = new ArrayList<>();
		do {
			String url = (cursor == null) ? path : path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor;
			Response response = get(url);
			if (response.status() != 200) {
				throw new IllegalStateException(response.toString());
			}
			JsonNode page = response.json();
			page.path("items").forEach(items::add);
			pageSizes.add(page.path("items").size());
			cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null
					: page.path("next").asString();
		}
		while (cursor != null);
		return items;
	}

	/** Opens a live tail; its lines are collected as they come until it is closed. */
	public EventStream stream(String path) {
		try {
			HttpResponse<Stream<String>> response = this.http.send(
					request(path).header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofLines());
			return new EventStream(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		return request;
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
	 * @param contentDisposition its Content-Disposition, or empty
	 * @param body the body
	 */
	public record Response(int status, String contentType, String contentDisposition, byte[] body) {

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

	/** A server-sent event stream being read on a thread of its own. */
	public static final class EventStream implements AutoCloseable {

		private final HttpResponse<Stream<String>> response;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		EventStream(HttpResponse<Stream<String>> response) {
			this.response = response;
			this.reader = Thread.ofVirtual().start(() -> {
				try {
					response.body().forEach(this.lines::add);
				}
				catch (RuntimeException ex) {
					// closed by the test or the server
				}
			});
		}

		public int status() {
			return this.response.statusCode();
		}

		public String contentType() {
			return this.response.headers().firstValue("Content-Type").orElse("");
		}

		/** Every line received so far. */
		public List<String> lines() {
			return List.copyOf(this.lines);
		}

		/** The data of every {@code log} event so far, parsed. */
		public List<JsonNode> entries() {
			List<JsonNode> entries = new ArrayList<>();
			String event = null;
			for (String line : this.lines) {
				if (line.startsWith("event:")) {
					event = line.substring(6).trim();
				}
				else if (line.startsWith("data:") && "log".equals(event)) {
					entries.add(JSON.readTree(line.substring(5)));
				}
				else if (line.isEmpty()) {
					event = null;
				}
			}
			return entries;
		}

		/** Whether the server ended the stream. */
		public boolean ended() {
			return !this.reader.isAlive();
		}

		@Override
		public void close() {
			this.response.body().close();
			this.reader.interrupt();
		}

	}

}
