package io.iotp.contracts.sensor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.CommandId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Message;

/**
 * A command for one sensor, published on {@code sensor-commands} (keyed by sensor id) and
 * forwarded to the device on MQTT {@code sensors/<sensorId>/commands}.
 *
 * @param commandId the command, for its status in the API
 * @param sensorId the target sensor
 * @param name what to do, e.g. {@code set-interval}, {@code open-vent}
 * @param args its arguments
 * @param issuedAt when it was accepted
 * @param expiresAt after this it must not be delivered any more; never expires when null
 */
public record SensorCommand(CommandId commandId, SensorId sensorId, String name, Map<String, Object> args,
		Instant issuedAt, @Nullable Instant expiresAt) implements Message {

	public SensorCommand {
		Objects.requireNonNull(commandId, "commandId");
		Objects.requireNonNull(sensorId, "sensorId");
		Objects.requireNonNull(name, "name");
		args = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(args, Map.of())));
	}

	/** Whether the command must no longer be delivered at {@code now}. */
	public boolean expiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

}
