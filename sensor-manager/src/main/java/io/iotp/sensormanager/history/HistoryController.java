package io.iotp.sensormanager.history;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.registry.Sensors;
import io.iotp.starter.security.Caller;
import io.iotp.starter.security.Callers;

/**
 * History for the sensor's owner or an admin. The path {@code /api/sensors/{id}/data} is
 * public for devices posting readings, so the token is required here rather than by the
 * security chain.
 */
@RestController
class HistoryController {

	private final History history;

	private final Sensors sensors;

	private final Callers callers;

	HistoryController(History history, Sensors sensors, Callers callers) {
		this.history = history;
		this.sensors = sensors;
		this.callers = callers;
	}

	@GetMapping("/api/sensors/{id}/data/latest")
	SensorReading latest(@PathVariable String id) {
		visible(id);
		return this.history.latest(id)
			.orElseThrow(() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND,
					"sensor '" + id + "' has no readings in the history yet"));
	}

	@GetMapping("/api/sensors/{id}/data")
	History.Page page(@PathVariable String id,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		visible(id);
		return this.history.page(id, from, to, limit, cursor);
	}

	private void visible(String id) {
		Caller caller = this.callers.current();
		if (caller.equals(Caller.ANONYMOUS)) {
			throw new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED,
					"reading the history needs Authorization: Bearer <token>");
		}
		this.sensors.get(caller, id);
	}

}
