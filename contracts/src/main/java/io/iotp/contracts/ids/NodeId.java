package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a node of the fleet. Admins may name nodes themselves (from
 * {@code nodes.yml}); random ids are for nodes that register without one.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record NodeId(String value) {

	public NodeId {
		RandomIds.requireValue(value, "node id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static NodeId of(String value) {
		return new NodeId(value);
	}

	/** A new id of the form {@code n-<12 random characters>}. */
	public static NodeId random() {
		return new NodeId(RandomIds.next("n-"));
	}

	@Override
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
