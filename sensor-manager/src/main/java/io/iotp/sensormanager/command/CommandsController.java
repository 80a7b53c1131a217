package io.iotp.sensormanager.command;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.sensormanager.access.AppGrant;
import io.iotp.sensormanager.access.AppGrants;
import io.iotp.sensormanager.ingest.DeviceAuthenticator;
import io.iotp.sensormanager.ingest.DeviceRequests;
import io.iotp.sensormanager.registry.Sensor;
import io.iotp.sensormanager.registry.Sensors;
import io.iotp.starter.security.Caller;
import io.iotp.starter.security.Callers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands: sent by the sensor's owner (token) or an app it is bound to (app token),
 * polled and acknowledged by HTTP devices ({@code X-Sensor-Key}, public paths for the
 * token check).
 */
@RestController
class CommandsController {

	private final Commands commands;

	private final Sensors sensors;

	private final Callers callers;

	private final DeviceAuthenticator devices;

	private final DeviceRequests requests;

	private final JsonMapper json;

	private final AppGrants apps;

	CommandsController(Commands commands, Sensors sensors, Callers callers, DeviceAuthenticator devices,
			DeviceRequests requests, JsonMapper json, AppGrants apps) {
		this.apps = apps;
		this.commands = commands;
		this.sensors = sensors;
		this.callers = callers;
		this.devices = devices;
		this.requests = requests;
		this.json = json;
	}

	@PostMapping("/api/sensors/{id}/commands")
	ResponseEntity<Map<String, Object>> issue(@PathVariable String id, @RequestBody CommandRequest request) {
		Caller caller = this.callers.current();
		Sensor sensor = this.sensors.get(caller, id);
		// an app acts as its owner, but the command says the app sent it
		String issuer = this.apps.current().map(AppGrant::actor).orElse(caller.username());
		Command command = this.commands.issue(sensor, issuer, request);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", command.id(), "status", command.status()));
	}

	@GetMapping("/api/sensors/{id}/commands/{commandId}")
	CommandView get(@PathVariable String id, @PathVariable String commandId) {
		this.sensors.get(this.callers.current(), id);
		return CommandView.of(this.commands.get(id, commandId));
	}

	@GetMapping("/api/sensors/{id}/commands/pending")
	List<CommandView> pending(@PathVariable String id,
			@RequestHeader(name = DeviceRequests.KEY_HEADER, required = false) @Nullable String key) {
		this.devices.authenticate(id, key);
		return this.commands.poll(id).stream().map(CommandView::of).toList();
	}

	/** The body is optional: {@code {"result": ...}} is stored with the command. */
	@PostMapping("/api/sensors/{id}/commands/{commandId}/ack")
	CommandView acknowledge(@PathVariable String id, @PathVariable String commandId,
			@RequestHeader(name = DeviceRequests.KEY_HEADER, required = false) @Nullable String key,
			HttpServletRequest request) {
		this.devices.authenticate(id, key);
		byte[] body = this.requests.body(request);
		return CommandView.of(this.commands.acknowledge(id, commandId, result(body)));
	}

	private @Nullable Object result(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			Object parsed = this.json.readValue(body, Object.class);
			return (parsed instanceof Map<?, ?> map) ? map.get("result") : null;
		}
		catch (JacksonException ex) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED,
					"the acknowledgement is not valid JSON: " + ex.getOriginalMessage());
		}
	}

}
