package io.iotp.appcontroller.app;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.app.AppAccess;

/**
 * An app in the {@code apps} collection, keyed by its name. Versions are only ever added
 * or removed by atomic updates of this one document.
 *
 * @param id the app's name, unique platform-wide
 * @param owner user name of the developer who uploaded it first
 * @param description of the most recent upload
 * @param entryService of the most recent upload
 * @param access of the most recent upload
 * @param createdAt when its first version was accepted
 * @param versions every version, in upload order
 */
@Document(AppDocument.COLLECTION)
public record AppDocument(@Id String id, String owner, @Nullable String description, @Nullable String entryService,
		AppAccess access, Instant createdAt, List<AppVersion> versions) {

	public static final String COLLECTION = "apps";

	public AppDocument {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(owner, "owner");
		access = Objects.requireNonNullElse(access, AppAccess.PUBLIC);
		versions = List.copyOf(Objects.requireNonNullElse(versions, List.of()));
	}

	public Optional<AppVersion> version(String version) {
		return this.versions.stream().filter((candidate) -> candidate.version().equals(version)).findFirst();
	}

	/** The highest deployable version. */
	public Optional<AppVersion> latest() {
		return this.versions.stream().filter(AppVersion::deployable).max(Comparator.comparing(AppVersion::semantic));
	}

}
