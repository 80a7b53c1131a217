package io.iotp.appcontroller.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

import io.iotp.appcontroller.validation.AppPackageValidator;
import io.iotp.appcontroller.validation.ValidatedPackage;
import io.iotp.contracts.app.AppVersionState;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.starter.blob.BlobStore;
import io.iotp.starter.security.Caller;

/**
 * The app registry: accepts validated packages, keeps their zips in the blob store and
 * their versions in MongoDB, and deletes apps nobody runs any more.
 * <p>
 * An upload is accepted in three steps, none of which needs a transaction: the version is
 * reserved in the app document ({@code UPLOADED}, which is also what makes a second
 * upload of the same version a 409 before it touches the blob store), the zip is stored,
 * and the version becomes {@code VALIDATED}. Only {@code VALIDATED} versions can be
 * deployed, so a crash in between leaves nothing usable behind, and the reservation
 * expires after {@link AppProperties#staleUploadAfter()}.
 */
@Service
public class AppService {

	private static final Logger log = LoggerFactory.getLogger(AppService.class);

	private final AppPackageValidator validator;

	private final AppStore store;

	private final BlobStore blobs;

	private final ActiveDeployments deployments;

	private final AppProperties properties;

	private final Clock clock;

	AppService(AppPackageValidator validator, AppStore store, BlobStore blobs, ActiveDeployments deployments,
			AppProperties properties, Clock clock) {
		this.validator = validator;
		this.store = store;
		this.blobs = blobs;
		this.deployments = deployments;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Validates and stores an uploaded app zip as a new app or a new version of the
	 * caller's app.
	 * @throws PlatformException 422 if the package is invalid (nothing is stored then),
	 * 409 if the name belongs to another developer or the version exists
	 */
	public Stored upload(Caller caller, Path zip) {
		ValidatedPackage validated = this.validator.validate(zip);
		try (MDC.MDCCloseable app = MDC.putCloseable("app", validated.name())) {
			Instant now = this.clock.instant();
			AppVersion reserved = new AppVersion(validated.version(), AppVersionState.UPLOADED,
					artifactKey(validated.name(), validated.version()), null, 0, validated.description(),
					validated.entryService(), validated.access(), validated.services(), validated.sensors(), now);
			reserve(caller, validated.name(), reserved);
			BlobStore.StoredBlob blob;
			try {
				blob = storeZip(reserved.artifactKey(), zip);
			}
			catch (RuntimeException ex) {
				this.store.removeUnstored(validated.name(), reserved.version(), now);
				throw ex;
			}
			if (!this.store.markStored(validated.name(), reserved.version(), blob.sha256(), blob.size())) {
				// only if this upload outlived its reservation and another upload of the
				// version took over
				throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "version " + reserved.version() + " of app '"
						+ validated.name() + "' was replaced by another upload while this one was stored; retry");
			}
			log.info("[app {}] version {} stored by {}: {} bytes, sha256 {}, services {}", validated.name(),
					reserved.version(), caller.username(), blob.size(), blob.sha256(),
					validated.services().stream().map((service) -> service.name()).toList());
			return new Stored(validated.name(),
					new AppVersion(reserved.version(), AppVersionState.VALIDATED, reserved.artifactKey(), blob.sha256(),
							blob.size(), reserved.description(), reserved.entryService(), reserved.access(),
							reserved.services(), reserved.sensors(), reserved.uploadedAt()));
		}
	}

	private BlobStore.StoredBlob storeZip(String key, Path zip) {
		try (InputStream content = Files.newInputStream(zip)) {
			return this.blobs.put(key, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the uploaded file " + zip, ex);
		}
	}

	private void reserve(Caller caller, String name, AppVersion version) {
		for (int attempt = 0; attempt < 5; attempt++) {
			if (this.store.addVersion(name, caller.username(), version)) {
				return;
			}
			AppDocument existing = this.store.find(name).orElse(null);
			if (existing == null) {
				if (this.store.create(new AppDocument(name, caller.username(), version.description(),
						version.entryService(), version.access(), version.uploadedAt(), List.of(version)))) {
					return;
				}
				continue;
			}
			if (!existing.owner().equals(caller.username())) {
				throw new PlatformException(ErrorCodes.APP_NAME_TAKEN, "the app name '" + name
						+ "' belongs to another developer; choose another name in appConfig.json");
			}
			AppVersion present = existing.version(version.version()).orElse(null);
			if (present == null) {
				continue;
			}
			Instant staleBefore = this.clock.instant().minus(this.properties.staleUploadAfter());
			if (present.status() != AppVersionState.UPLOADED
					|| !this.store.removeUnstored(name, present.version(), staleBefore)) {
				throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "app '" + name + "' has version "
						+ version.version() + " already; raise the version in appConfig.json to upload a new one");
			}
		}
		throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT,
				"app '" + name + "' is being changed by another request; retry");
	}

	/** The caller's apps (everyone's for an admin), by name. */
	public List<AppDocument> list(Caller caller) {
		return this.store.findAll(caller.username(), caller.isAdmin());
	}

	/**
	 * @throws PlatformException 404 if there is no such app the caller may see
	 */
	public AppDocument get(Caller caller, String id) {
		return this.store.find(id)
			.filter((app) -> caller.mayAccess(app.owner()))
			.orElseThrow(() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "there is no app '" + id + "'"));
	}

	/**
	 * Deletes an app, every version and every zip of it.
	 * @throws PlatformException 404 if there is no such app, 409 while a deployment of it
	 * is active
	 */
	public void delete(Caller caller, String id) {
		AppDocument app = get(caller, id);
		List<String> active = this.deployments.describeActive(id);
		if (!active.isEmpty()) {
			throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "app '" + id + "' has active deployments "
					+ String.join(", ", active) + "; stop them first with DELETE /api/deployments/{id}");
		}
		// The document goes first: a crash before the zips are gone leaves unreferenced
		// blobs, never a
		// version whose zip is missing.
		if (this.store.delete(id)) {
			app.versions().forEach((version) -> this.blobs.delete(version.artifactKey()));
			log.info("[app {}] deleted by {} with {} versions", id, caller.username(), app.versions().size());
		}
	}

	/**
	 * {@code apps/<app>/<version>/app.zip}; a '+' (semver build metadata) is not allowed
	 * in keys, '_' is.
	 */
	static String artifactKey(String app, String version) {
		return "apps/" + app + "/" + version.replace('+', '_') + "/app.zip";
	}

	/**
	 * A version just stored.
	 *
	 * @param app the app's id (its name)
	 * @param version the version, {@code VALIDATED}
	 */
	public record Stored(String app, AppVersion version) {

	}

}
