package io.iotp.contracts.app;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who may open an app's link, the optional {@code access} of {@code appConfig.json}; the
 * gateway enforces it.
 */
public enum AppAccess {

	/**
	 * Anyone who has the link; the default, as a deployed IoT dashboard is usually shown
	 * to end users.
	 */
	PUBLIC("public"),

	/** Only users signed in to the platform. */
	PLATFORM("platform");

	private final String wireName;

	AppAccess(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * @throws IllegalArgumentException if {@code wireName} is not a known access level
	 */
	@JsonCreator
	public static AppAccess of(String wireName) {
		return Arrays.stream(values())
			.filter((access) -> access.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown access '" + wireName + "'"));
	}

}
