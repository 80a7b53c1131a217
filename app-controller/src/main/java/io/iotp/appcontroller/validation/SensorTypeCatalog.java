package io.iotp.appcontroller.validation;

import java.util.Set;

/**
 * The sensor types the platform knows, which apps may ask for. A configured list for now;
 * the sensor issue replaces it with sensor-manager's registry.
 */
public interface SensorTypeCatalog {

	/** Every known type name, e.g. {@code temperature}. */
	Set<String> knownTypes();

	default boolean isKnown(String type) {
		return knownTypes().contains(type);
	}

}
