package io.iotp.monitoring.component;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.heartbeat.ComponentState;

/**
 * One change of a component's state, kept as its history.
 *
 * @param from the state before; null for the first sighting
 */
@Document("component_transitions")
public record Transition(@Id String id, String componentId, @Nullable ComponentState from, ComponentState to,
		Instant at, String reason) {

}
