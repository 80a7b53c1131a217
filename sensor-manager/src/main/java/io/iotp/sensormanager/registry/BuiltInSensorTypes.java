package io.iotp.sensormanager.registry;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.FieldType;
import io.iotp.contracts.sensor.SensorField;

/**
 * The common sensor types every platform starts with, owned by {@code platform} (so only
 * an admin may delete one), and the whole registry announced as sensor-manager starts:
 * again every few seconds until Kafka took all of it, so a type stored while Kafka was
 * away is still known everywhere.
 */
@Component
class BuiltInSensorTypes implements ApplicationRunner {

	static final String OWNER = "platform";

	static final List<SensorTypeDocument> TYPES = List.of(
			type("temperature", "air temperature", new SensorField("temperature", FieldType.NUMBER, "°C", -40.0, 85.0)),
			type("humidity", "relative humidity", new SensorField("humidity", FieldType.NUMBER, "%", 0.0, 100.0)),
			type("pressure", "air pressure", new SensorField("pressure", FieldType.NUMBER, "hPa", 300.0, 1100.0)),
			type("light", "illuminance", new SensorField("illuminance", FieldType.NUMBER, "lx", 0.0, 200000.0)),
			type("motion", "motion detected", new SensorField("motion", FieldType.BOOLEAN, null, null, null)),
			type("co2", "carbon dioxide", new SensorField("co2", FieldType.NUMBER, "ppm", 0.0, 10000.0)));

	private static final Logger log = LoggerFactory.getLogger(BuiltInSensorTypes.class);

	private final SensorTypes types;

	private final SensorTypeAnnouncer announcer;

	private volatile boolean announced;

	BuiltInSensorTypes(SensorTypes types, SensorTypeAnnouncer announcer) {
		this.types = types;
		this.announcer = announcer;
	}

	/**
	 * Once as sensor-manager starts, before it reports ready: an upload right after
	 * {@code iotp up} finds the common types known.
	 */
	@Override
	public void run(ApplicationArguments arguments) {
		seedAndAnnounce();
	}

	@Scheduled(initialDelayString = "${iotp.sensor-manager.sensor-types.announce-retry:5s}",
			fixedDelayString = "${iotp.sensor-manager.sensor-types.announce-retry:5s}")
	synchronized void seedAndAnnounce() {
		if (this.announced) {
			return;
		}
		try {
			this.types.addMissing(TYPES);
			this.announcer.all(this.types.list().stream().map(SensorTypeDocument::toType).toList());
			this.announced = true;
		}
		catch (PlatformException | DataAccessException ex) {
			log.warn("the sensor type registry is not announced yet, trying again: {}", ex.getMessage());
		}
	}

	private static SensorTypeDocument type(String name, String description, SensorField field) {
		return new SensorTypeDocument(name, description, List.of(field), OWNER, Instant.EPOCH);
	}

}
