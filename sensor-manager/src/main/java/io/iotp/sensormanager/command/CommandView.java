package io.iotp.sensormanager.command;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A command as the API shows it to owners and devices.
 *
 * @param id the command id
 * @param sensorId its sensor
 * @param name what to do
 * @param args its arguments
 * @param status PENDING, DELIVERED, ACKED or EXPIRED
 * @param createdAt when it was accepted
 * @param expiresAt when it expires unless acknowledged
 * @param deliveredAt when the device got it
 * @param ackedAt when the device confirmed it
 * @param result what the device said
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandView(String id, String sensorId, String name, Map<String, Object> args, CommandStatus status,
		Instant createdAt, Instant expiresAt, @Nullable Instant deliveredAt, @Nullable Instant ackedAt,
		@Nullable Object result) {

	static CommandView of(Command command) {
		return new CommandView(command.id(), command.sensorId(), command.name(), command.args(), command.status(),
				command.createdAt(), command.expiresAt(), command.deliveredAt(), command.ackedAt(), command.result());
	}

}
