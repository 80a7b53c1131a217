package io.iotp.sensormanager.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import io.iotp.contracts.Topics;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.errors.RetryLaterException;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.registry.Violations;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.ratelimit.TokenBuckets;

/**
 * The ingestion path shared by HTTP and MQTT: parse, check every reading against its
 * sensor's type, enrich, and publish to {@code sensor-data} keyed by sensor id. All or
 * nothing: one bad reading and none is published. The returned future completes when
 * Kafka has acknowledged every reading.
 */
@Service
public class Ingestion {

	private final ReadingsParser parser;

	private final DeviceAuthenticator authenticator;

	private final MessagePublisher publisher;

	private final IngestProperties properties;

	private final MeterRegistry meters;

	private final Map<Transport, Counter> accepted = new EnumMap<>(Transport.class);

	private final TokenBuckets limiter;

	Ingestion(ReadingsParser parser, DeviceAuthenticator authenticator, MessagePublisher publisher,
			IngestProperties properties, MeterRegistry meters) {
		this.parser = parser;
		this.authenticator = authenticator;
		this.publisher = publisher;
		this.properties = properties;
		this.meters = meters;
		// a bucket holds at least a second's worth
		this.limiter = new TokenBuckets(properties.readingsPerSecond(),
				Math.max(properties.readingsBurst(), properties.readingsPerSecond()), System::nanoTime);
		for (Transport transport : Transport.values()) {
			this.accepted.put(transport,
					Counter.builder("iotp.sensors.readings.accepted")
						.description("Readings validated and handed to Kafka")
						.tag("transport", transport.tag())
						.register(meters));
		}
	}

	/**
	 * Readings of one authenticated sensor: a lone reading or an array.
	 * @return the number published, once Kafka has them all
	 * @throws PlatformException when the payload or any reading is invalid; nothing is
	 * published then
	 */
	public CompletableFuture<Integer> accept(KnownSensor sensor, byte[] payload, Transport transport) {
		try {
			requireSize(payload);
			List<DeviceReading> readings = this.parser.single(payload);
			return publish(enrich(readings, (reading) -> sensor), transport);
		}
		catch (PlatformException ex) {
			rejected(transport, ex);
			throw ex;
		}
	}

	/**
	 * A batch of several sensors' readings; each sensor must be authenticated by one of
	 * the keys (their SHA-256 hashes here).
	 */
	CompletableFuture<Integer> acceptBatch(Set<String> keyHashes, byte[] payload) {
		try {
			requireSize(payload);
			List<DeviceReading> readings = this.parser.batch(payload);
			Map<String, KnownSensor> sensors = new HashMap<>();
			for (DeviceReading reading : readings) {
				String id = reading.sensorId();
				if (id != null && !sensors.containsKey(id)) {
					try {
						sensors.put(id, this.authenticator.authenticateByHash(id, keyHashes));
					}
					catch (PlatformException ex) {
						throw new PlatformException(ex.errorCode(), reading.path() + "/sensorId: " + ex.detail()
								+ "; the batch needs every sensor's key in X-Sensor-Key, comma-separated");
					}
				}
			}
			return publish(enrich(readings, (reading) -> sensors.get(reading.sensorId())), Transport.HTTP);
		}
		catch (PlatformException ex) {
			rejected(Transport.HTTP, ex);
			throw ex;
		}
	}

	/**
	 * Counts a rejection of a whole request or message (MQTT rejects before parsing count
	 * here too).
	 */
	public void rejected(Transport transport, PlatformException reason) {
		this.meters
			.counter("iotp.sensors.readings.rejected", "transport", transport.tag(), "code", reason.errorCode().code())
			.increment();
	}

	private void requireSize(byte[] payload) {
		if (payload.length > this.properties.maxBodySize().toBytes()) {
			throw new PlatformException(ErrorCodes.REQUEST_TOO_LARGE, "the body has " + payload.length
					+ " bytes; at most " + this.properties.maxBodySize().toBytes() + " are accepted");
		}
	}

	private List<SensorReading> enrich(List<DeviceReading> readings, Function<DeviceReading, KnownSensor> sensorOf) {
		Instant receivedAt = Instant.now();
		Instant latest = receivedAt.plus(this.properties.futureSkew());
		Violations violations = new Violations();
		List<SensorReading> enriched = new ArrayList<>(readings.size());
		for (DeviceReading reading : readings) {
			KnownSensor sensor = sensorOf.apply(reading);
			int before = violations.size();
			for (String problem : sensor.type().problemsWith(reading.values())) {
				violations.add(reading.path() + "/values", problem);
			}
			if (reading.ts() != null && reading.ts().isAfter(latest)) {
				violations.add(reading.path() + "/ts", reading.ts() + " is more than " + this.properties.futureSkew()
						+ " ahead of the platform's clock (" + receivedAt + ")");
			}
			if (violations.size() == before) {
				enriched.add(new SensorReading(readingId(), sensor.id(), sensor.type().name(), sensor.location(),
						(reading.ts() != null) ? reading.ts() : receivedAt, receivedAt, castValues(reading)));
			}
		}
		violations.throwIfAny(ErrorCodes.SENSOR_INVALID_READING, "readings rejected, none accepted");
		return enriched;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Map<String, Object> castValues(DeviceReading reading) {
		// validated: no value is null any more
		return (Map) reading.values();
	}

	private CompletableFuture<Integer> publish(List<SensorReading> readings, Transport transport) {
		withinRate(readings);
		CompletableFuture<?>[] sends = new CompletableFuture<?>[readings.size()];
		for (int i = 0; i < sends.length; i++) {
			SensorReading reading = readings.get(i);
			try {
				sends[i] = this.publisher.publish(Topics.SENSOR_DATA, reading);
			}
			catch (RuntimeException ex) {
				// the producer gave up before sending (no broker within max.block.ms): a
				// 503, the device retries
				return CompletableFuture.failedFuture(ex);
			}
		}
		int count = sends.length;
		return CompletableFuture.allOf(sends).thenApply((done) -> {
			this.accepted.get(transport).increment(count);
			return count;
		});
	}

	/**
	 * Every sensor of the request within its rate, or a 429 naming the first one over it
	 * and nothing taken.
	 */
	private void withinRate(List<SensorReading> readings) {
		Map<String, Integer> counts = new HashMap<>();
		for (SensorReading reading : readings) {
			counts.merge(reading.sensorId().value(), 1, Integer::sum);
		}
		Optional<Duration> wait = this.limiter.take(counts);
		if (wait.isPresent()) {
			throw new RetryLaterException(ErrorCodes.RATE_LIMITED,
					"more readings than a sensor may send: " + this.properties.readingsPerSecond() + " per second, "
							+ this.properties.readingsBurst() + " at once; none of these " + readings.size()
							+ " were taken",
					wait.get());
		}
	}

	/**
	 * {@code r-} and 128 random bits: unique enough that history can use it as
	 * {@code _id}.
	 */
	static String readingId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "r-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(1)
				+ Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

}
