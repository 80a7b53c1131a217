package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Files only the platform's user may read: passwords and the configurations that hold
 * them. A file is written beside its place and moved there, so nobody ever reads it half
 * written or with wider permissions.
 */
final class PrivateFiles {

	private static final SecureRandom RANDOM = new SecureRandom();

	private PrivateFiles() {
	}

	/**
	 * Writes {@code content} to {@code file}, readable and writable by the owner alone.
	 */
	static void write(Path file, String content) throws IOException {
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temp);
		Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(temp, content, StandardCharsets.UTF_8);
		Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Makes {@code dir} (and its parents) and lets only the owner in. */
	static void createDirectory(Path dir) throws IOException {
		Files.createDirectories(dir);
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
	}

	/** 24 random bytes, URL-safe: no quoting needed in any configuration format. */
	static String newPassword() {
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
