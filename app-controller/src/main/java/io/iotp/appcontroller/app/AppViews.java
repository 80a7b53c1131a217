package io.iotp.appcontroller.app;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.AppVersionState;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;

/** What the app endpoints answer. */
final class AppViews {

	private AppViews() {
	}

	/**
	 * {@code POST /api/apps} answer.
	 *
	 * @param id the app's id (its name)
	 * @param name its name
	 * @param version the version just stored
	 * @param status {@code VALIDATED}
	 * @param services its services, defaults applied
	 */
	record Uploaded(String id, String name, String version, AppVersionState status, List<ServiceSpec> services) {

		static Uploaded of(String app, AppVersion version) {
			return new Uploaded(app, app, version.version(), version.status(), version.services());
		}

	}

	/**
	 * An app with its versions.
	 *
	 * @param id its id (its name)
	 * @param name its name, in the app link
	 * @param owner the developer who owns it
	 * @param description of the latest upload
	 * @param entryService of the latest upload
	 * @param access of the latest upload
	 * @param createdAt when its first version was accepted
	 * @param latestVersion the highest deployable version
	 * @param versions every version, in upload order
	 */
	record App(String id, String name, String owner, @Nullable String description, @Nullable String entryService,
			AppAccess access, Instant createdAt, @Nullable String latestVersion, List<Version> versions) {

		static App of(AppDocument app) {
			return new App(app.id(), app.id(), app.owner(), app.description(), app.entryService(), app.access(),
					app.createdAt(), app.latest().map(AppVersion::version).orElse(null),
					app.versions().stream().map(Version::of).toList());
		}

	}

	/**
	 * One version of an app.
	 *
	 * @param version its semantic version
	 * @param status {@code UPLOADED} while being stored, then {@code VALIDATED}
	 * @param sha256 of its zip
	 * @param size of its zip in bytes
	 * @param uploadedAt when it was accepted
	 * @param entryService the service behind the app link
	 * @param access who may open the app link
	 * @param services its services, defaults applied
	 * @param sensors the sensors it asks for
	 */
	record Version(String version, AppVersionState status, @Nullable String sha256, long size, Instant uploadedAt,
			@Nullable String entryService, AppAccess access, List<ServiceSpec> services,
			List<SensorRequirement> sensors) {

		static Version of(AppVersion version) {
			return new Version(version.version(), version.status(), version.sha256(), version.size(),
					version.uploadedAt(), version.entryService(), version.access(), version.services(),
					version.sensors());
		}

	}

}
