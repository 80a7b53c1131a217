package io.iotp.sensormanager.registry;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.sensormanager.access.AppGrant;
import io.iotp.sensormanager.access.AppGrants;
import io.iotp.starter.security.Callers;

@RestController
@RequestMapping("/api/sensors")
class SensorsController {

	private final Sensors sensors;

	private final Callers callers;

	private final AppGrants apps;

	SensorsController(Sensors sensors, Callers callers, AppGrants apps) {
		this.sensors = sensors;
		this.callers = callers;
		this.apps = apps;
	}

	@PostMapping
	ResponseEntity<SensorView> create(@RequestBody SensorRequest request) {
		Sensors.Created created = this.sensors.create(this.callers.current(), request);
		return ResponseEntity.created(URI.create("/api/sensors/" + created.sensor().id()))
			.body(SensorView.of(created.sensor(), created.apiKey()));
	}

	@GetMapping
	List<SensorView> list(@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable String location) {
		// An app (app token, acting as its owner) sees only its deployment's sensors,
		// those that joined since included.
		Optional<AppGrant> app = this.apps.current();
		return this.sensors.list(this.callers.current(), type, location)
			.stream()
			.filter((sensor) -> app.isEmpty() || app.get().mayUse(sensor.id()))
			.map((sensor) -> SensorView.of(sensor, null))
			.toList();
	}

	@GetMapping("/{id}")
	SensorView get(@PathVariable String id) {
		return SensorView.of(this.sensors.get(this.callers.current(), id), null);
	}

	@PutMapping("/{id}")
	SensorView update(@PathVariable String id, @RequestBody SensorRequest request) {
		return SensorView.of(this.sensors.update(this.callers.current(), id, request), null);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.sensors.delete(this.callers.current(), id);
		return ResponseEntity.noContent().build();
	}

	/** A new key; the old one stops working at once. */
	@PostMapping("/{id}/key")
	SensorView rotateKey(@PathVariable String id) {
		Sensors.Created rotated = this.sensors.rotateKey(this.callers.current(), id);
		return SensorView.of(rotated.sensor(), rotated.apiKey());
	}

	/**
	 * A sensor as the API shows it; {@code apiKey} only right after creation or rotation.
	 *
	 * @param id its id, also its MQTT user name
	 * @param type its sensor type
	 * @param location where it is
	 * @param metadata free-form details
	 * @param owner who registered it
	 * @param createdAt when
	 * @param updatedAt last change
	 * @param apiKey its key, shown once
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SensorView(String id, String type, String location, Map<String, Object> metadata, String owner,
			Instant createdAt, Instant updatedAt, @Nullable String apiKey) {

		static SensorView of(Sensor sensor, @Nullable String apiKey) {
			return new SensorView(sensor.id(), sensor.type(), sensor.location(), sensor.metadata(), sensor.owner(),
					sensor.createdAt(), sensor.updatedAt(), apiKey);
		}

	}

}
