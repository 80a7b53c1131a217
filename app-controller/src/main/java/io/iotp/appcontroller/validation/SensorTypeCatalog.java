package io.iotp.appcontroller.validation;

import java.util.Set;

/**
 * The sensor types apps may ask for at upload: sensor-manager's registry.
 */
public interface SensorTypeCatalog {

	/** Every known type name, e.g. {@code temperature}. */
	Set<String> knownTypes();

	/**
	 * Whether {@code type} is known; may wait briefly to learn of a type created a moment
	 * ago.
	 * @throws io.iotp.contracts.errors.PlatformException {@code service.unavailable} when
	 * the registry cannot be consulted now
	 */
	default boolean isKnown(String type) {
		return knownTypes().contains(type);
	}

}
