package io.iotp.logger.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A live tail (server-sent events) being read on a thread of its own until it is closed.
 */
public final class EventStream implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpResponse<Stream<String>> response;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private EventStream(HttpResponse<Stream<String>> response) {
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

	/** Opens a live tail at {@code path}; its lines are collected as they come. */
	public static EventStream open(Api api, String path) {
		return new EventStream(api.send(api.request(path).header("Accept", "text/event-stream").GET(),
				HttpResponse.BodyHandlers.ofLines()));
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
