package io.iotp.bootstrapper.simulate;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.iotp.bootstrapper.platform.PlatformException;
import tools.jackson.databind.JsonNode;

/**
 * Runs one simulation: logs in, makes sure the sensor type exists, registers or reuses
 * the sensors, then sends readings at the total rate, spread evenly over the sensors,
 * until the duration is over, printing the rate every second. Answers still outstanding
 * then get at most {@link #DRAIN_GRACE}.
 */
public final class Simulator {

	static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

	private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final SimulationSettings settings;

	private final Consumer<String> out;

	public Simulator(SimulationSettings settings, Consumer<String> out) {
		this.settings = settings;
		this.out = out;
	}

	/**
	 * @return true when every reading sent was accepted
	 */
	public boolean run() {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		PlatformApiClient api = new PlatformApiClient(http, this.settings.gateway(), this.settings.token());
		if (this.settings.token() == null) {
			if (this.settings.username() == null || this.settings.password() == null) {
				throw new PlatformException("no credentials: pass --token, or --user and --password");
			}
			api.login(this.settings.username(), this.settings.password());
		}
		ReadingGenerator generator = new ReadingGenerator(fields(api));
		List<SimulatedSensor> sensors = new SensorPool(this.settings.stateDir(), this.settings.type(),
				this.settings.location())
			.take(this.settings.sensors(), api, this.settings.type(), this.settings.location(), this.out);
		SendStats stats = new SendStats();
		try (ReadingSender sender = sender(http, sensors, stats)) {
			this.out.accept("sending " + rate(this.settings.rate()) + " readings/s from " + sensors.size() + " '"
					+ this.settings.type() + "' sensor(s) at '" + this.settings.location() + "' over "
					+ this.settings.protocol().name().toLowerCase() + " for " + seconds(this.settings.duration()));
			send(sender, sensors, generator, stats);
		}
		long sent = stats.sent.sum();
		long accepted = stats.accepted.sum();
		long failed = stats.failed.sum();
		this.out.accept("done: " + sent + " sent, " + accepted + " accepted, " + failed + " refused"
				+ ((sent - accepted - failed > 0) ? ", " + (sent - accepted - failed) + " unanswered" : ""));
		if (stats.lastError() != null) {
			this.out.accept("last refusal: " + stats.lastError());
		}
		return failed == 0 && accepted == sent;
	}

	private void send(ReadingSender sender, List<SimulatedSensor> sensors, ReadingGenerator generator,
			SendStats stats) {
		long start = System.nanoTime();
		long deadline = start + this.settings.duration().toNanos();
		long nextReport = start + TimeUnit.SECONDS.toNanos(1);
		long scheduled = 0;
		long acceptedAtLastReport = 0;
		int next = 0;
		for (long now = start; now < deadline; now = System.nanoTime()) {
			double elapsed = (now - start) / 1e9;
			long due = (long) (this.settings.rate() * elapsed) - scheduled;
			// after a stall, catch up by at most one second's worth rather than in one
			// burst
			due = Math.min(due, Math.max(1, (long) this.settings.rate()));
			if (due > 0) {
				List<SimulatedReading> readings = new ArrayList<>((int) due);
				Instant ts = Instant.now();
				for (long i = 0; i < due; i++) {
					int index = next++ % sensors.size();
					readings.add(new SimulatedReading(sensors.get(index), ts, generator.values(index, elapsed)));
				}
				next %= sensors.size();
				scheduled += due;
				sender.send(readings, deadline);
			}
			if (System.nanoTime() >= nextReport) {
				long accepted = stats.accepted.sum();
				this.out.accept(String.format("%6.0fs  sent %8d  accepted %8d  refused %6d  rate %8d/s",
						(System.nanoTime() - start) / 1e9, stats.sent.sum(), accepted, stats.failed.sum(),
						accepted - acceptedAtLastReport));
				acceptedAtLastReport = accepted;
				nextReport += TimeUnit.SECONDS.toNanos(1);
			}
			LockSupport.parkNanos(Math.min(TICK_NANOS, Math.max(0, deadline - System.nanoTime())));
		}
		sender.drain(DRAIN_GRACE);
	}

	private List<ReadingGenerator.Field> fields(PlatformApiClient api) {
		JsonNode type = api.sensorType(this.settings.type()).orElseGet(() -> {
			Map<String, Object> created = new LinkedHashMap<>();
			created.put("name", this.settings.type());
			created.put("description", "created by iotp simulate");
			created.put("fields", ReadingGenerator.fieldsFor(this.settings.type()));
			JsonNode answer = api.createSensorType(created);
			this.out.accept("created sensor type '" + this.settings.type() + "'");
			return answer;
		});
		List<ReadingGenerator.Field> fields = new ArrayList<>();
		JsonNode list = type.get("fields");
		if (list != null) {
			list.forEach((field) -> fields.add(ReadingGenerator.Field.of(field)));
		}
		if (fields.isEmpty()) {
			throw new PlatformException("sensor type '" + this.settings.type() + "' has no fields to simulate");
		}
		return fields;
	}

	private ReadingSender sender(HttpClient http, List<SimulatedSensor> sensors, SendStats stats) {
		return switch (this.settings.protocol()) {
			case HTTP -> new HttpReadingSender(http, this.settings.gateway(), stats);
			case MQTT -> new MqttReadingSender(this.settings.mqtt().toString(), sensors, stats);
		};
	}

	private static String rate(double rate) {
		return (rate == Math.rint(rate)) ? String.valueOf((long) rate) : String.valueOf(rate);
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

}
