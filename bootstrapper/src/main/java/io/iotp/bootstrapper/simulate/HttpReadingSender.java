package io.iotp.bootstrapper.simulate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * Readings over {@code POST /api/sensors/data:batch} ({@code [{sensorId, ts, values}]},
 * the keys of every sensor in the batch in {@code X-Sensor-Key}), at most
 * {@value #MAX_BATCH} per request and a bounded number of requests in flight.
 */
final class HttpReadingSender implements ReadingSender {

	static final int MAX_BATCH = 500;

	private static final int MAX_IN_FLIGHT = 16;

	private final HttpClient http;

	private final URI endpoint;

	private final SendStats stats;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

	HttpReadingSender(HttpClient http, URI gateway, SendStats stats) {
		this.http = http;
		this.endpoint = gateway.resolve("/api/sensors/data:batch");
		this.stats = stats;
	}

	@Override
	public void send(List<SimulatedReading> readings, long deadline) {
		for (int from = 0; from < readings.size(); from += MAX_BATCH) {
			post(readings.subList(from, Math.min(readings.size(), from + MAX_BATCH)), deadline);
		}
	}

	private void post(List<SimulatedReading> batch, long deadline) {
		Set<String> keys = new LinkedHashSet<>();
		List<Map<String, Object>> body = batch.stream().map((reading) -> {
			keys.add(reading.sensor().apiKey());
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("sensorId", reading.sensor().id());
			item.put("ts", reading.ts().toString());
			item.put("values", reading.values());
			return item;
		}).toList();
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("X-Sensor-Key", String.join(",", keys))
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)))
			.build();
		try {
			if (!this.inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				// the platform is slower than the rate: what is not sent is not counted
				// as sent
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.stats.sent.add(batch.size());
		this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
			try {
				if (failure != null) {
					this.stats.failed(batch.size(), failure.toString());
				}
				else if (response.statusCode() / 100 == 2) {
					this.stats.accepted.add(batch.size());
				}
				else {
					this.stats.failed(batch.size(),
							"HTTP " + response.statusCode() + " " + abbreviate(response.body()));
				}
			}
			finally {
				// counted first: drain() returns once every permit is back, and the
				// totals are read right after
				this.inFlight.release();
			}
		});
	}

	@Override
	public void drain(Duration grace) {
		try {
			if (this.inFlight.tryAcquire(MAX_IN_FLIGHT, grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.inFlight.release(MAX_IN_FLIGHT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		// the HttpClient belongs to the caller
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

}
