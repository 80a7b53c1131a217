package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Checks the data directory before anything starts: usable, ours, and of a format this
 * version reads. A marker file records the format; a directory that has platform data but
 * a missing or unreadable marker is reported as damaged instead of being silently reused.
 */
final class DataDirectory {

	static final String MARKER = "iotp-data.properties";

	static final String FORMAT = "1";

	private DataDirectory() {
	}

	/** What the marker file of a new data directory says. */
	static String markerContent() {
		return "# iotp data directory; do not edit\nformat=" + FORMAT + "\n";
	}

	/**
	 * @return true if the directory was created now, i.e. this is the first start
	 */
	static boolean prepare(Path dataDir) {
		requireNoFile(dataDir);
		Path marker = dataDir.resolve(MARKER);
		try {
			if (Files.isDirectory(dataDir) && Files.exists(marker)) {
				check(marker);
				Files.createDirectories(dataDir.resolve("blobs"));
				ownerOnly(dataDir);
				return false;
			}
			boolean hasPlatformData = Files.isDirectory(dataDir.resolve("kafka"))
					|| Files.isDirectory(dataDir.resolve("mongodb")) || Files.isDirectory(dataDir.resolve("ldap"));
			if (hasPlatformData) {
				throw damaged(dataDir, "its marker file " + MARKER + " is missing");
			}
			Files.createDirectories(dataDir);
			if (!Files.isWritable(dataDir)) {
				throw new PlatformException("the data directory " + dataDir + " is not writable by this user.");
			}
			Files.createDirectories(dataDir.resolve("blobs"));
			ownerOnly(dataDir);
			Files.writeString(marker, markerContent(), StandardCharsets.UTF_8);
			return true;
		}
		catch (IOException ex) {
			throw new PlatformException("cannot use the data directory " + dataDir + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * @throws PlatformException when something other than a directory has the data
	 * directory's name
	 */
	static void requireNoFile(Path dataDir) {
		if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
			throw new PlatformException("the data directory " + dataDir
					+ " is a file, not a directory. Remove it or choose another one with --data-dir (or IOTP_HOME).");
		}
	}

	/**
	 * Nobody but the platform's user enters the data directory: app instances run as
	 * other users and are unpacked elsewhere.
	 */
	private static void ownerOnly(Path dataDir) throws IOException {
		Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
	}

	private static void check(Path marker) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(marker, StandardCharsets.ISO_8859_1)) {
			properties.load(reader);
		}
		catch (IllegalArgumentException ex) {
			throw damaged(marker.getParent(), "its marker file cannot be read");
		}
		String format = properties.getProperty("format");
		if (format == null) {
			throw damaged(marker.getParent(), "its marker file names no format");
		}
		if (!FORMAT.equals(format.trim())) {
			throw new PlatformException("the data directory " + marker.getParent() + " has format " + format.trim()
					+ ", which this version (format " + FORMAT + ") cannot read.");
		}
	}

	private static PlatformException damaged(Path dataDir, String why) {
		return new PlatformException("the data directory " + dataDir + " looks damaged: " + why
				+ ". Restore it from a backup, or move it aside to start afresh (all platform data is in it).");
	}

}
