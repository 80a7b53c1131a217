package io.iotp.appcontroller.validation;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;

/**
 * An app package that passed validation, with every default applied.
 *
 * @param name the app's name, its id on the platform
 * @param version its semantic version
 * @param description for humans
 * @param entryService the service behind the app link, if it has one
 * @param access who may open the app link
 * @param sensors the sensors it asks for
 * @param services its services, by name
 */
public record ValidatedPackage(String name, String version, @Nullable String description, @Nullable String entryService,
		AppAccess access, List<SensorRequirement> sensors, List<ServiceSpec> services) {

	public ValidatedPackage {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(version, "version");
		Objects.requireNonNull(access, "access");
		sensors = List.copyOf(sensors);
		services = List.copyOf(services);
	}

}
