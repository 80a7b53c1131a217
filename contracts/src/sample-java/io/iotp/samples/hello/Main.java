package io.iotp.samples.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * hello-java: a sample IoT Platform app service using only the JDK.
 *
 * <p>The platform starts it as {@code java -jar app.jar} with {@code PORT} set. It answers
 * {@code GET /health}, shows a page at {@code /} and accepts the readings the platform POSTs to
 * {@code /sensor-data} (JSON arrays, at least once, so they are de-duplicated by id). Behind the
 * gateway it lives under {@code /apps/hello-java/}; the gateway strips that prefix and passes it in
 * {@code X-Forwarded-Prefix}, which every link on the page starts with.
 */
public final class Main {

	private static final int MAX_READINGS = 100;

	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private final Deque<Map<String, Object>> readings = new ArrayDeque<>();

	private final SequencedSet<String> seenIds = new LinkedHashSet<>();

	private final String instance = System.getenv().getOrDefault("IOTP_INSTANCE_ID", "local");

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
		// HOST: the address the platform reaches the instance at; listening there only keeps it behind the gateway
		String host = System.getenv("HOST");
		InetSocketAddress address = (host != null) ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
		HttpServer server = HttpServer.create(address, 0);
		Main app = new Main();
		server.createContext("/", app::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("stopping");
			server.stop(1);
			System.out.println("stopped");
		}));
		server.start();
		System.out.println("hello-java listening on port " + port);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (path.equals("/health") && method.equals("GET")) {
				send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
			}
			else if (path.equals("/") && method.equals("GET")) {
				send(exchange, 200, "text/html; charset=utf-8", page(exchange));
			}
			else if (path.equals("/sensor-data") && method.equals("POST")) {
				receive(exchange);
			}
			else {
				send(exchange, 404, "application/json",
						"{\"error\":\"nothing at " + method + " " + escapeJson(path) + "\"}");
			}
		}
	}

	private void receive(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(MAX_BODY_BYTES + 1);
		}
		if (body.length > MAX_BODY_BYTES) {
			send(exchange, 413, "application/json",
					"{\"error\":\"at most " + MAX_BODY_BYTES + " bytes per batch\"}");
			return;
		}
		List<?> batch;
		try {
			Object parsed = new Json(new String(body, StandardCharsets.UTF_8)).parse();
			batch = (parsed instanceof List<?> list) ? list : List.of(parsed);
			for (Object reading : batch) {
				if (!(reading instanceof Map<?, ?> map) || !(map.get("id") instanceof String)) {
					throw new IllegalArgumentException("every reading must be an object with a string id");
				}
			}
		}
		catch (IllegalArgumentException ex) {
			send(exchange, 400, "application/json", "{\"error\":\"" + escapeJson(ex.getMessage()) + "\"}");
			return;
		}
		int accepted = 0;
		int duplicates = 0;
		synchronized (this) {
			for (Object item : batch) {
				@SuppressWarnings("unchecked")
				Map<String, Object> reading = (Map<String, Object>) item;
				String id = (String) reading.get("id");
				if (!this.seenIds.add(id)) {
					duplicates++;
					continue;
				}
				if (this.seenIds.size() > MAX_READINGS * 10) {
					this.seenIds.removeFirst();
				}
				this.readings.addFirst(reading);
				if (this.readings.size() > MAX_READINGS) {
					this.readings.removeLast();
				}
				accepted++;
				System.out.println(
						"reading " + id + " from " + reading.get("sensorId") + ": " + reading.get("values"));
			}
		}
		send(exchange, 200, "application/json",
				"{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + "}");
	}

	private String page(HttpExchange exchange) {
		String prefix = escapeHtml(stripTrailingSlash(
				exchange.getRequestHeaders().getFirst("X-Forwarded-Prefix")));
		List<Map<String, Object>> latest;
		synchronized (this) {
			latest = new ArrayList<>(this.readings);
		}
		StringBuilder rows = new StringBuilder();
		for (Map<String, Object> reading : latest) {
			rows.append("<tr><td>").append(escapeHtml(text(reading, "id")))
				.append("</td><td>").append(escapeHtml(text(reading, "sensorId")))
				.append("</td><td>").append(escapeHtml(text(reading, "ts")))
				.append("</td><td>").append(escapeHtml(text(reading, "values")))
				.append("</td></tr>\n");
		}
		if (latest.isEmpty()) {
			rows.append("<tr><td colspan=\"4\">no readings yet</td></tr>\n");
		}
		return """
				<!doctype html>
				<html lang="en">
				<head><meta charset="utf-8"><title>hello-java</title></head>
				<body>
				<h1>Hello from hello-java</h1>
				<p>Instance %s. <a href="%s/health">health</a></p>
				<table>
				<tr><th>id</th><th>sensor</th><th>measured</th><th>values</th></tr>
				%s</table>
				</body>
				</html>
				""".formatted(escapeHtml(this.instance), prefix, rows);
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String text(Map<String, Object> reading, String key) {
		Object value = reading.get(key);
		return (value != null) ? value.toString() : "";
	}

	private static String stripTrailingSlash(String prefix) {
		if (prefix == null) {
			return "";
		}
		return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	private static String escapeHtml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

	private static String escapeJson(String text) {
		StringBuilder out = new StringBuilder();
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
