package io.iotp.appcontroller.deployment;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When a deployment runs: the {@code schedule.type} of a deployment request. */
public enum ScheduleType {

	/** As soon as the schedule clock sees it, once. */
	NOW("now"),

	/** Once, at a given instant. */
	AT("at"),

	/** On every match of a cron expression, one run at a time. */
	CRON("cron");

	private final String wireName;

	ScheduleType(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static ScheduleType of(String wireName) {
		return Arrays.stream(values())
			.filter((type) -> type.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown schedule type '" + wireName + "'"));
	}

}
