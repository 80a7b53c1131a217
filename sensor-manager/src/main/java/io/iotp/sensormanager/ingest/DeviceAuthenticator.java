package io.iotp.sensormanager.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.sensormanager.registry.Sensor;
import io.iotp.sensormanager.registry.SensorChanged;
import io.iotp.sensormanager.registry.SensorKeys;
import io.iotp.sensormanager.registry.SensorTypeUpdated;
import io.iotp.sensormanager.registry.SensorTypes;
import io.iotp.sensormanager.registry.Sensors;

/**
 * Checks a device's {@code X-Sensor-Key} (or MQTT password) against the sensor's stored
 * hash. Sensors are remembered in memory for (at most)
 * {@code iotp.sensors.ingest.key-cache-ttl}, so the hot path does not ask MongoDB per
 * request; a change of the sensor on this replica (key rotation, deletion, new type or
 * location) evicts it at once.
 */
@Component
public class DeviceAuthenticator {

	private final Sensors sensors;

	private final SensorTypes types;

	private final IngestProperties properties;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	DeviceAuthenticator(Sensors sensors, SensorTypes types, IngestProperties properties) {
		this.sensors = sensors;
		this.types = types;
		this.properties = properties;
	}

	/**
	 * The sensor {@code id} if {@code key} is its key.
	 * @throws PlatformException 401 when the key is missing or not the sensor's, or the
	 * sensor does not exist (the same answer, so ids cannot be probed)
	 */
	public KnownSensor authenticate(String id, @Nullable String key) {
		if (key == null || key.isBlank()) {
			throw new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED,
					"the X-Sensor-Key header is missing; send the key sensor '" + id + "' was given");
		}
		return find(id).filter((sensor) -> SensorKeys.matches(key.strip(), sensor.keyHash()))
			.orElseThrow(() -> wrongKey(id));
	}

	/**
	 * The sensor {@code id} if one of {@code keyHashes} is its key hash (batches of
	 * several sensors).
	 */
	public KnownSensor authenticateByHash(String id, Set<String> keyHashes) {
		return find(id).filter((sensor) -> keyHashes.contains(sensor.keyHash())).orElseThrow(() -> wrongKey(id));
	}

	static PlatformException wrongKey(String id) {
		return new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED,
				"no sensor '" + id + "' with the key sent in X-Sensor-Key");
	}

	private Optional<KnownSensor> find(String id) {
		Instant now = Instant.now();
		Cached cached = this.cache.get(id);
		if (cached != null && cached.expiresAt().isAfter(now)) {
			return Optional.of(cached.sensor());
		}
		Optional<KnownSensor> loaded = this.sensors.find(id).flatMap(this::known);
		loaded.ifPresentOrElse((sensor) -> this.cache.put(id, new Cached(sensor, expiry(now))),
				() -> this.cache.remove(id));
		return loaded;
	}

	/**
	 * A random moment in the last quarter of the TTL. Sensors cached together (a batch
	 * names many) would otherwise expire together, and the one request that found them
	 * expired would look every one of them up in the store, two lookups each (100
	 * sensors: 200 lookups in one request, once per TTL).
	 */
	private Instant expiry(Instant now) {
		long ttl = this.properties.keyCacheTtl().toMillis();
		return now.plusMillis(ttl - ThreadLocalRandom.current().nextLong(ttl / 4 + 1));
	}

	private Optional<KnownSensor> known(Sensor sensor) {
		Optional<SensorType> type = this.types.find(sensor.type());
		return type.map((t) -> new KnownSensor(SensorId.of(sensor.id()), t, sensor.location(), sensor.owner(),
				sensor.keyHash()));
	}

	@EventListener
	void on(SensorChanged changed) {
		this.cache.remove(changed.sensor().id());
	}

	/** A type that gained fields must let them through at once, not after the TTL. */
	@EventListener
	void on(SensorTypeUpdated updated) {
		this.cache.values().removeIf((cached) -> cached.sensor().type().name().equals(updated.type().name()));
	}

	private record Cached(KnownSensor sensor, Instant expiresAt) {
	}

}
