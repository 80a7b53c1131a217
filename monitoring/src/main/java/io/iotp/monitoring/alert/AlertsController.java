package io.iotp.monitoring.alert;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.starter.security.Callers;

/**
 * Alerts for admins: newest first, optionally only open or resolved ones, and
 * acknowledgement.
 */
@RestController
@RequestMapping("/api/monitoring/alerts")
class AlertsController {

	private static final int MAX = 500;

	private final AlertStore store;

	private final Alerts alerts;

	private final Callers callers;

	AlertsController(AlertStore store, Alerts alerts, Callers callers) {
		this.store = store;
		this.alerts = alerts;
		this.callers = callers;
	}

	@GetMapping
	List<AlertRecord> list(@RequestParam(required = false) @Nullable Boolean open,
			@RequestParam(required = false) @Nullable String kind, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "limit must be between 1 and " + MAX);
		}
		return this.store.list(open, kind, limit);
	}

	@PostMapping("/{id}/ack")
	AlertRecord acknowledge(@PathVariable String id) {
		return this.alerts.acknowledge(id, this.callers.current().username())
			.orElseThrow(() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "no alert '" + id + "'"));
	}

}
