package io.iotp.sensormanager.command;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.ids.CommandId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorCommand;

/**
 * A command as stored (collection {@code commands}). Every change of {@code status} is
 * one guarded single-document update.
 *
 * @param id the command id
 * @param sensorId its sensor
 * @param owner who sent it
 * @param name what to do
 * @param args its arguments
 * @param status where it is
 * @param createdAt when it was accepted
 * @param expiresAt after this it is EXPIRED unless ACKED
 * @param deliveredAt when the device got it (MQTT PUBACK or HTTP poll)
 * @param ackedAt when the device confirmed it
 * @param result what the device said in its acknowledgement, if anything
 * @param published whether it is on {@code sensor-commands} yet (the sweeper publishes
 * what a crash left)
 * @param lastSentAt when it was last sent over MQTT, so it is not sent again too soon
 */
@Document(Command.COLLECTION)
public record Command(@Id String id, String sensorId, String owner, String name, Map<String, Object> args,
		CommandStatus status, Instant createdAt, Instant expiresAt, @Nullable Instant deliveredAt,
		@Nullable Instant ackedAt, @Nullable Object result, boolean published, @Nullable Instant lastSentAt) {

	static final String COLLECTION = "commands";

	public SensorCommand toMessage() {
		return new SensorCommand(CommandId.of(this.id), SensorId.of(this.sensorId), this.name, this.args,
				this.createdAt, this.expiresAt);
	}

}
