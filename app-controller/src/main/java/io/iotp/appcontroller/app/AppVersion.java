package io.iotp.appcontroller.app;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.AppVersionState;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;

/**
 * One uploaded version of an app, as stored in its app document; a deployment copies what
 * it needs.
 *
 * @param version semantic version, unique within the app
 * @param status {@code UPLOADED} while its zip is being stored, then {@code VALIDATED}
 * @param artifactKey blob-store key of its zip
 * @param sha256 hex SHA-256 of the zip, once stored
 * @param size bytes of the zip, once stored
 * @param description from its appConfig.json
 * @param entryService the service behind the app link, if any
 * @param access who may open the app link
 * @param services every service, defaults applied
 * @param sensors the sensors it asks for
 * @param uploadedAt when it was accepted
 */
public record AppVersion(String version, AppVersionState status, String artifactKey, @Nullable String sha256, long size,
		@Nullable String description, @Nullable String entryService, AppAccess access, List<ServiceSpec> services,
		List<SensorRequirement> sensors, Instant uploadedAt) {

	public AppVersion {
		Objects.requireNonNull(version, "version");
		Objects.requireNonNull(status, "status");
		access = Objects.requireNonNullElse(access, AppAccess.PUBLIC);
		services = List.copyOf(Objects.requireNonNullElse(services, List.of()));
		sensors = List.copyOf(Objects.requireNonNullElse(sensors, List.of()));
	}

	public boolean deployable() {
		return this.status == AppVersionState.VALIDATED;
	}

	public SemanticVersion semantic() {
		return SemanticVersion.parse(this.version);
	}

}
