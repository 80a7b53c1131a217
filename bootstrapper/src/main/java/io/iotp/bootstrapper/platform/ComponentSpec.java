package io.iotp.bootstrapper.platform;

import java.util.List;
import java.util.Map;

/**
 * How to start one platform component and how to tell that it is healthy.
 *
 * @param name component name, as shown by {@code iotp status} and used for its log and
 * pid files
 * @param kind infrastructure, service or node agent
 * @param command the full command line
 * @param health how to tell that it is up
 * @param environment variables it gets besides this process's, e.g. secrets kept off its
 * command line
 */
public record ComponentSpec(String name, Kind kind, List<String> command, HealthCheck health,
		Map<String, String> environment) {

	public ComponentSpec {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
	}

	public ComponentSpec(String name, Kind kind, List<String> command, HealthCheck health) {
		this(name, kind, command, health, Map.of());
	}

	/** The sorts of component, in the order they start. */
	public enum Kind {

		INFRASTRUCTURE, SERVICE, NODE_AGENT

	}

}
