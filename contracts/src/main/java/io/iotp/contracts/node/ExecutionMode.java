package io.iotp.contracts.node;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a node agent runs instances: as plain processes or as containers. */
public enum ExecutionMode {

	/**
	 * Each instance is a process (group) of the agent's machine, in a prepared bundle
	 * directory.
	 */
	PROCESS("process"),

	/** Each instance is a Docker container built from the prepared bundle. */
	DOCKER("docker");

	private final String wireName;

	ExecutionMode(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * @throws IllegalArgumentException if {@code wireName} is not a known mode
	 */
	@JsonCreator
	public static ExecutionMode of(String wireName) {
		return Arrays.stream(values())
			.filter((mode) -> mode.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown execution mode '" + wireName + "'"));
	}

}
