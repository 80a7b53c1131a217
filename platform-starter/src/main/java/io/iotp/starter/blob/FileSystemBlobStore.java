package io.iotp.starter.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Blobs as files under one folder. Writes go to a temporary file that is moved into place
 * atomically, so a crash mid-upload leaves no partial blob behind a key.
 */
public class FileSystemBlobStore implements BlobStore {

	private static final String TEMP_DIR = ".incoming";

	private final Path root;

	public FileSystemBlobStore(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	@Override
	public StoredBlob put(String key, InputStream content) {
		Path target = resolve(key);
		Path temp = this.root.resolve(TEMP_DIR).resolve(UUID.randomUUID() + ".part");
		try {
			Files.createDirectories(temp.getParent());
			Files.createDirectories(target.getParent());
			MessageDigest sha256 = Sha256.newDigest();
			long size;
			try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
				size = content.transferTo(out);
			}
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return new StoredBlob(key, size, HexFormat.of().formatHex(sha256.digest()));
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			throw new UncheckedIOException("cannot store blob " + key, ex);
		}
	}

	@Override
	public Optional<InputStream> open(String key) {
		Path file = resolve(key);
		try {
			return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read blob " + key, ex);
		}
	}

	@Override
	public boolean exists(String key) {
		return Files.isRegularFile(resolve(key));
	}

	@Override
	public boolean delete(String key) {
		try {
			return Files.deleteIfExists(resolve(key));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete blob " + key, ex);
		}
	}

	private Path resolve(String key) {
		Path file = this.root.resolve(BlobKeys.checked(key)).normalize();
		if (!file.startsWith(this.root)) {
			throw new IllegalArgumentException("blob key '" + key + "' escapes the store");
		}
		return file;
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// a leftover temporary file is harmless: it is never behind a key
		}
	}

}
