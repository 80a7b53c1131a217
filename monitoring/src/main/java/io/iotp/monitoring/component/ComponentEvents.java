package io.iotp.monitoring.component;

import java.time.Duration;
import java.util.Collection;

/**
 * What the leading replica does about what the detector concludes: alerts, restarts, lost
 * instances. Called on the detector's thread, only while this replica leads.
 */
public interface ComponentEvents {

	/** A component that had been UP went DOWN (not by request). */
	default void down(ComponentRecord component) {
	}

	/**
	 * A component is UP: for the first time, or again after being DOWN for
	 * {@code downFor}.
	 */
	default void up(ComponentRecord component, Duration downFor) {
	}

	/** After every check, with every component as stored now. */
	default void checked(Collection<ComponentRecord> components) {
	}

}
