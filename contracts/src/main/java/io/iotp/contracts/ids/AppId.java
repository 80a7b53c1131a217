package io.iotp.contracts.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies an app on the platform. It is the app's name from {@code appConfig.json},
 * unique platform-wide because it is part of the app link, so it has no random factory.
 *
 * @param value the id as it appears in JSON, URLs, Kafka keys and logs; never blank
 */
public record AppId(String value) {

	public AppId {
		RandomIds.requireValue(value, "app id");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static AppId of(String value) {
		return new AppId(value);
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
