package io.iotp.appcontroller.validation;

import java.util.Set;

/**
 * The sensor types apps may ask for at upload: a configured list
 * ({@code iotp.app-controller.known-sensor-types}), separate from sensor-manager's
 * registry of types ({@code POST /api/sensor-types}); a type registered there is known
 * here only once it is added to the list.
 */
public interface SensorTypeCatalog {

	/** Every known type name, e.g. {@code temperature}. */
	Set<String> knownTypes();

	default boolean isKnown(String type) {
		return knownTypes().contains(type);
	}

}
