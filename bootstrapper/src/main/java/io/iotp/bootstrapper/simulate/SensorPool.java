package io.iotp.bootstrapper.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.iotp.bootstrapper.platform.PlatformException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's sensors of one type and location, kept with their keys in
 * {@code <state dir>/<type>@<location>.json} (mode 600) so the next run reuses them
 * instead of registering new ones.
 */
final class SensorPool {

	private final JsonMapper json = JsonMapper.builder().build();

	private final Path file;

	SensorPool(Path stateDir, String type, String location) {
		this.file = stateDir.resolve(safe(type) + "@" + safe(location) + ".json");
	}

	/**
	 * The first {@code count} sensors: the stored ones that still exist, then new ones.
	 * @param progress told about every sensor registered now
	 */
	List<SimulatedSensor> take(int count, PlatformApiClient api, String type, String location,
			Consumer<String> progress) {
		List<SimulatedSensor> sensors = new ArrayList<>();
		List<SimulatedSensor> kept = new ArrayList<>();
		for (SimulatedSensor sensor : load()) {
			if (sensors.size() == count) {
				kept.add(sensor); // not needed now, kept for a bigger run
			}
			else if (api.sensorExists(sensor.id())) {
				sensors.add(sensor);
				kept.add(sensor);
			}
		}
		int reused = sensors.size();
		while (sensors.size() < count) {
			JsonNode created = api.createSensor(type, location);
			SimulatedSensor sensor = new SimulatedSensor(created.get("id").asString(),
					created.get("apiKey").asString());
			sensors.add(sensor);
			kept.add(sensor);
			if ((sensors.size() - reused) % 100 == 0) {
				save(kept); // a run cut short keeps the keys of what it registered
			}
		}
		save(kept);
		if (reused < count) {
			progress.accept("registered " + (count - reused) + " sensor(s), reused " + reused);
		}
		else {
			progress.accept("reusing " + reused + " sensor(s) from " + this.file);
		}
		return sensors;
	}

	private List<SimulatedSensor> load() {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		try {
			return this.json.readValue(this.file.toFile(), new TypeReference<List<SimulatedSensor>>() {
			});
		}
		catch (RuntimeException ex) {
			throw new PlatformException("cannot read the simulator's sensors in " + this.file + " (" + ex.getMessage()
					+ "); move it aside to register new ones");
		}
	}

	private void save(List<SimulatedSensor> sensors) {
		try {
			Files.createDirectories(this.file.getParent());
			Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			Files.write(temporary, this.json.writeValueAsBytes(sensors));
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system
			}
			Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new PlatformException("cannot save the simulator's sensors to " + this.file + ": " + ex.getMessage());
		}
	}

	private static String safe(String name) {
		return name.replaceAll("[^A-Za-z0-9._-]", "_");
	}

}
