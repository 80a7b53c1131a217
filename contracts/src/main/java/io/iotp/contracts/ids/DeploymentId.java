package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one deployment of one app version; cron deployments keep theirs across runs.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record DeploymentId(String value) {

	public DeploymentId {
		RandomIds.requireValue(value, "deployment id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static DeploymentId of(String value) {
		return new DeploymentId(value);
	}

	/** A new id of the form {@code d-<12 random characters>}. */
	public static DeploymentId random() {
		return new DeploymentId(RandomIds.next("d-"));
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
