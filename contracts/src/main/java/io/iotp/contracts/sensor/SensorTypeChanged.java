package io.iotp.contracts.sensor;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.messaging.Message;

/**
 * A sensor type as the registry now has it, on {@code sensor-types} (compacted, key: its
 * name): the latest message of each name is the type, or its removal. Whoever needs the
 * types reads the topic from its start instead of asking sensor-manager.
 *
 * @param name the type's name
 * @param type the type, or null when it was removed
 * @param at when the registry changed
 */
public record SensorTypeChanged(String name, @Nullable SensorType type, Instant at) implements Message {

	public SensorTypeChanged {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(at, "at");
		if (type != null && !type.name().equals(name)) {
			throw new IllegalArgumentException("type " + type.name() + " announced as " + name);
		}
	}

	public static SensorTypeChanged defined(SensorType type, Instant at) {
		return new SensorTypeChanged(type.name(), type, at);
	}

	public static SensorTypeChanged removed(String name, Instant at) {
		return new SensorTypeChanged(name, null, at);
	}

	/** Whether this says the type is gone. */
	public boolean removal() {
		return this.type == null;
	}

}
