package io.iotp.appcontroller.deployment;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.iotp.appcontroller.app.AppDocument;
import io.iotp.appcontroller.app.AppVersion;
import io.iotp.appcontroller.validation.ContractSchemas;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.schemas.Schemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks a deployment request body (SPEC §3) against
 * {@code deployment-request.schema.json}, then against the app it is for and the clock:
 * the version exists, an {@code at} lies ahead (at most a year), a cron expression parses
 * and fires, overrides name services of that version within their bounds. Every problem
 * is listed at its JSON pointer.
 */
@Component
class DeploymentRequests {

	private final ContractSchemas schemas;

	private final Clock clock;

	private final DeploymentRequestProperties properties;

	DeploymentRequests(ContractSchemas schemas, Clock clock, DeploymentRequestProperties properties) {
		this.schemas = schemas;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * @param body the request body; null or empty means the latest version, now
	 * @throws PlatformException {@code request.validation} (400) listing every problem
	 */
	Accepted accept(AppDocument app, @Nullable JsonNode body) {
		JsonNode request = (body == null || body.isMissingNode() || body.isNull())
				? JsonNodeFactory.instance.objectNode() : body;
		List<FieldError> errors = new ArrayList<>();
		this.schemas.violations(Schemas.DEPLOYMENT_REQUEST, request)
			.forEach((violation) -> errors.add(new FieldError(violation.pointer(), violation.message())));
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
		Optional<AppVersion> version = version(app, request, errors);
		Instant now = this.clock.instant();
		DeploymentDocument.ScheduleSpec schedule = schedule(request.path("schedule"), now, errors);
		Map<String, Integer> instances = new LinkedHashMap<>();
		Map<String, List<String>> sensors = new LinkedHashMap<>();
		version.ifPresent((found) -> {
			instances.putAll(instances(found, request.path("instances"), errors));
			sensors.putAll(sensors(found, request.path("sensors"), errors));
		});
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
		JsonNode duration = request.path("durationMinutes");
		DeploymentDocument.Request accepted = new DeploymentDocument.Request(
				request.has("version") ? request.path("version").asString() : null, schedule,
				duration.isIntegralNumber() ? duration.asInt() : null, instances, sensors);
		return new Accepted(version.orElseThrow(), accepted, firstRun(schedule, now));
	}

	private static Optional<AppVersion> version(AppDocument app, JsonNode request, List<FieldError> errors) {
		if (!request.has("version")) {
			Optional<AppVersion> latest = app.latest();
			if (latest.isEmpty()) {
				errors.add(new FieldError("/version", "app '" + app.id() + "' has no deployable version yet"));
			}
			return latest;
		}
		String wanted = request.path("version").asString();
		Optional<AppVersion> version = app.version(wanted).filter(AppVersion::deployable);
		if (version.isEmpty()) {
			errors.add(new FieldError("/version", "app '" + app.id() + "' has no deployable version " + wanted
					+ "; its versions: "
					+ app.versions().stream().filter(AppVersion::deployable).map(AppVersion::version).toList()));
		}
		return version;
	}

	private DeploymentDocument.ScheduleSpec schedule(JsonNode schedule, Instant now, List<FieldError> errors) {
		ScheduleType type = ScheduleType.of(schedule.path("type").asString("now"));
		return switch (type) {
			case NOW -> new DeploymentDocument.ScheduleSpec(type, null, null, null);
			case AT ->
				new DeploymentDocument.ScheduleSpec(type, at(schedule.path("at").asString(), now, errors), null, null);
			case CRON -> cron(schedule, now, errors);
		};
	}

	private static @Nullable Instant at(String text, Instant now, List<FieldError> errors) {
		Instant at;
		try {
			at = OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeException ex) {
			errors
				.add(new FieldError("/schedule/at", "'" + text + "' is not a date-time such as 2026-12-01T08:00:00Z"));
			return null;
		}
		if (!at.isAfter(now)) {
			errors.add(new FieldError("/schedule/at", text + " is not in the future (now is " + now + ")"));
		}
		else if (at.isAfter(now.atZone(ZoneOffset.UTC).plusYears(1).toInstant())) {
			errors.add(new FieldError("/schedule/at", text + " is more than a year ahead"));
		}
		return at;
	}

	private DeploymentDocument.ScheduleSpec cron(JsonNode schedule, Instant now, List<FieldError> errors) {
		String cron = schedule.path("cron").asString();
		String zone = schedule.has("zone") ? schedule.path("zone").asString() : null;
		try {
			Duration floor = this.properties.minCronInterval();
			Duration shortest = CronSchedules.shortestInterval(cron, zone, now);
			if (CronSchedules.next(cron, zone, now) == null) {
				errors.add(new FieldError("/schedule/cron", "'" + cron + "' never fires"));
			}
			else if (shortest != null && shortest.compareTo(floor) < 0) {
				errors.add(new FieldError("/schedule/cron",
						"'" + cron + "' fires " + shortest.toSeconds() + " s after a run, and each run deploys the app "
								+ "again; a schedule may fire at most once every " + floor.toSeconds()
								+ " s (iotp.app-controller.deployments.min-cron-interval)"));
			}
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError("/schedule/cron", "'" + cron + "' is not a cron expression of six fields "
					+ "(second minute hour day-of-month month day-of-week): " + ex.getMessage()));
		}
		catch (DateTimeException ex) {
			errors
				.add(new FieldError("/schedule/zone", "'" + zone + "' is not a time zone such as Europe/Paris or UTC"));
		}
		return new DeploymentDocument.ScheduleSpec(ScheduleType.CRON, null, cron, zone);
	}

	private static Map<String, Integer> instances(AppVersion version, JsonNode overrides, List<FieldError> errors) {
		Map<String, Integer> instances = new LinkedHashMap<>();
		overrides.properties().forEach((override) -> {
			String pointer = "/instances/" + override.getKey();
			Optional<ServiceSpec> service = service(version, override.getKey());
			int count = override.getValue().asInt();
			if (service.isEmpty()) {
				errors.add(new FieldError(pointer, unknownService(version, override.getKey())));
			}
			else if (count > service.get().instances().max()) {
				errors.add(new FieldError(pointer, count + " is above the service's instances.max of "
						+ service.get().instances().max() + " in its config.json"));
			}
			else {
				instances.put(override.getKey(), count);
			}
		});
		return instances;
	}

	private static Map<String, List<String>> sensors(AppVersion version, JsonNode bindings, List<FieldError> errors) {
		Map<String, List<String>> sensors = new LinkedHashMap<>();
		bindings.properties().forEach((binding) -> {
			if (service(version, binding.getKey()).isEmpty()) {
				errors.add(new FieldError("/sensors/" + binding.getKey(), unknownService(version, binding.getKey())));
			}
			else {
				List<String> ids = new ArrayList<>();
				binding.getValue().forEach((id) -> ids.add(id.asString()));
				sensors.put(binding.getKey(), ids);
			}
		});
		return sensors;
	}

	private static Optional<ServiceSpec> service(AppVersion version, String name) {
		return version.services().stream().filter((service) -> service.name().equals(name)).findFirst();
	}

	private static String unknownService(AppVersion version, String name) {
		return "version " + version.version() + " has no service '" + name + "'; its services: "
				+ version.services().stream().map(ServiceSpec::name).toList();
	}

	/** When the schedule fires first. */
	private static Instant firstRun(DeploymentDocument.ScheduleSpec schedule, Instant now) {
		return switch (schedule.type()) {
			case NOW -> now;
			case AT -> Objects.requireNonNull(schedule.at());
			case CRON -> Objects
				.requireNonNull(CronSchedules.next(Objects.requireNonNull(schedule.cron()), schedule.zone(), now));
		};
	}

	private static PlatformException invalid(List<FieldError> errors) {
		return new PlatformException(ErrorCodes.REQUEST_VALIDATION,
				"the deployment request has " + errors.size() + " problem(s), listed in errors; the first: "
						+ errors.getFirst().path() + ": " + errors.getFirst().message(),
				errors);
	}

	/**
	 * A request that passed every check.
	 *
	 * @param version the app version to run
	 * @param request the request, normalized
	 * @param firstRun when it fires first
	 */
	record Accepted(AppVersion version, DeploymentDocument.Request request, Instant firstRun) {

	}

}
