package io.iotp.monitoring.component;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/**
 * Component states (admins), one component with its history (admins), and the health
 * summary (anyone logged in): 200 while UP or DEGRADED, 503 when DOWN, so a load balancer
 * can probe it.
 */
@RestController
@RequestMapping("/api/monitoring")
class ComponentsController {

	private static final int HISTORY = 100;

	private final ComponentStore store;

	private final OpenAlerts alerts;

	private final Clock clock;

	ComponentsController(ComponentStore store, OpenAlerts alerts, Clock clock) {
		this.store = store;
		this.alerts = alerts;
		this.clock = clock;
	}

	@GetMapping("/components")
	List<ComponentRecord> components(@RequestParam(required = false) @Nullable MonitoredKind kind) {
		return this.store.all(kind);
	}

	@GetMapping("/components/{id}")
	ComponentWithHistory component(@PathVariable String id) {
		ComponentRecord component = this.store.find(id)
			.orElseThrow(() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "no component '" + id + "'"));
		return new ComponentWithHistory(component, this.store.history(id, HISTORY));
	}

	@GetMapping("/health")
	ResponseEntity<HealthSummary> health() {
		HealthSummary summary = HealthSummary.of(this.store.all(null), this.alerts.open(), this.alerts.openCritical(),
				this.clock.instant());
		return ResponseEntity
			.status(HealthSummary.DOWN.equals(summary.status()) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
			.body(summary);
	}

	/** A component and its transitions, newest first. */
	record ComponentWithHistory(ComponentRecord component, List<Transition> history) {

	}

}
