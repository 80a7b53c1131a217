package io.iotp.sensormanager.registry;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.sensor.SensorField;
import io.iotp.starter.security.Callers;

@RestController
@RequestMapping("/api/sensor-types")
class SensorTypesController {

	private final SensorTypes types;

	private final Callers callers;

	SensorTypesController(SensorTypes types, Callers callers) {
		this.types = types;
		this.callers = callers;
	}

	@PostMapping
	ResponseEntity<SensorTypeView> create(@RequestBody SensorTypeRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(SensorTypeView.of(this.types.create(this.callers.current(), request)));
	}

	@GetMapping
	List<SensorTypeView> list() {
		return this.types.list().stream().map(SensorTypeView::of).toList();
	}

	@GetMapping("/{name}")
	SensorTypeView get(@PathVariable String name) {
		return SensorTypeView.of(this.types.get(name));
	}

	@PutMapping("/{name}")
	SensorTypeView update(@PathVariable String name, @RequestBody SensorTypeRequest request) {
		return SensorTypeView.of(this.types.update(this.callers.current(), name, request));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.types.delete(this.callers.current(), name);
		return ResponseEntity.noContent().build();
	}

	/**
	 * A sensor type as the API shows it (SPEC §6).
	 *
	 * @param name its name
	 * @param description for humans
	 * @param fields its fields
	 * @param owner who created it
	 * @param createdAt when
	 */
	record SensorTypeView(String name, @Nullable String description, List<SensorField> fields, String owner,
			Instant createdAt) {

		static SensorTypeView of(SensorTypeDocument type) {
			return new SensorTypeView(type.name(), type.description(), type.fields(), type.owner(), type.createdAt());
		}

	}

}
