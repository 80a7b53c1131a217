package io.iotp.appcontroller.validation;

import java.util.Set;

import org.springframework.stereotype.Component;

/** The sensor types of {@code iotp.app-controller.known-sensor-types}. */
@Component
class ConfiguredSensorTypeCatalog implements SensorTypeCatalog {

	private final Set<String> types;

	ConfiguredSensorTypeCatalog(SensorTypeProperties properties) {
		this.types = Set.copyOf(properties.knownSensorTypes());
	}

	@Override
	public Set<String> knownTypes() {
		return this.types;
	}

}
