package io.iotp.appcontroller.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.starter.security.Caller;
import io.iotp.starter.security.Callers;

/** {@code /api/apps}: upload, list, show and delete apps (SPEC §6). */
@RestController
@RequestMapping("/api/apps")
class AppController {

	private final AppService apps;

	private final Callers callers;

	AppController(AppService apps, Callers callers) {
		this.apps = apps;
		this.callers = callers;
	}

	/**
	 * The zip is copied to a private temporary file first: validation reads it at random
	 * (the central directory before the entries) and the blob store reads it again,
	 * whatever the multipart resolver did with it.
	 */
	@PostMapping
	ResponseEntity<AppViews.Uploaded> upload(
			@RequestPart(name = "file", required = false) @Nullable MultipartFile file) {
		if (file == null) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED,
					"send the app zip as the part 'file' of a multipart/form-data request");
		}
		Caller caller = this.callers.current();
		Path zip = copy(file);
		try {
			AppService.Stored stored = this.apps.upload(caller, zip);
			return ResponseEntity.created(URI.create("/api/apps/" + stored.app()))
				.body(AppViews.Uploaded.of(stored.app(), stored.version()));
		}
		finally {
			deleteQuietly(zip);
		}
	}

	@GetMapping
	List<AppViews.App> list() {
		return this.apps.list(this.callers.current()).stream().map(AppViews.App::of).toList();
	}

	@GetMapping("/{id}")
	AppViews.App get(@PathVariable String id) {
		return AppViews.App.of(this.apps.get(this.callers.current(), id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.apps.delete(this.callers.current(), id);
		return ResponseEntity.noContent().build();
	}

	private static Path copy(MultipartFile file) {
		try {
			Path zip = Files.createTempFile("iotp-upload-", ".zip");
			try (InputStream in = file.getInputStream()) {
				Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
			}
			return zip;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot buffer the upload", ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// a leftover temporary file is removed with the temp folder; it is never
			// referenced
		}
	}

}
