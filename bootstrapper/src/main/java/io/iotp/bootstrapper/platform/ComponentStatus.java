package io.iotp.bootstrapper.platform;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code iotp status}.
 *
 * @param name component name
 * @param kind what sort of component
 * @param state UP (running and healthy), STARTING (running, not healthy yet) or DOWN
 * @param pid its process id while it runs
 * @param endpoint where it is reached
 */
public record ComponentStatus(String name, ComponentSpec.Kind kind, State state, @Nullable Long pid, String endpoint) {

	public enum State {

		UP, STARTING, DOWN

	}

}
