package io.iotp.nodeagent.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

import io.iotp.starter.blob.BlobStore;

/**
 * Fetches an app package from the blob store and unpacks one service folder of it. The
 * upload was validated, but the agent trusts no archive: the checksum is verified when
 * known, every entry must stay inside the archive, and the same limits as at upload
 * apply. The zip's central directory is what is read (not its local headers), so an
 * archive cannot show one thing to the validator and another here.
 */
public class ArtifactUnpacker {

	/** SPEC §3: at most 10,000 entries. */
	static final int MAX_ENTRIES = 10_000;

	/** SPEC §3: at most 100 MB unpacked. */
	static final long MAX_UNPACKED_BYTES = 100L * 1024 * 1024;

	private final BlobStore blobs;

	private final Path tempDir;

	/**
	 * @param blobs where app packages are
	 * @param tempDir where a package is kept while it is unpacked
	 */
	public ArtifactUnpacker(BlobStore blobs, Path tempDir) {
		this.blobs = blobs;
		this.tempDir = tempDir;
	}

	/**
	 * Unpacks {@code services/<service>/} of the package under {@code artifactKey} into
	 * {@code target}, which is created.
	 * @param sha256 hex SHA-256 the package must have, or null to skip the check
	 * @throws ArtifactException when the package is missing, altered, unsafe or lacks the
	 * service
	 */
	public void unpack(String artifactKey, @Nullable String sha256, String service, Path target)
			throws ArtifactException {
		Path zip = fetch(artifactKey, sha256);
		try {
			extract(zip, "services/" + service + "/", target.toAbsolutePath().normalize());
		}
		finally {
			try {
				Files.deleteIfExists(zip);
			}
			catch (IOException ex) {
				// a leftover copy in the agent's temp folder is harmless and swept with
				// it
			}
		}
	}

	private Path fetch(String artifactKey, @Nullable String sha256) throws ArtifactException {
		InputStream blob;
		try {
			blob = this.blobs.open(artifactKey)
				.orElseThrow(() -> new ArtifactException("artifact " + artifactKey + " is not in the blob store"));
		}
		catch (IllegalArgumentException | UncheckedIOException ex) {
			throw new ArtifactException("artifact " + artifactKey + " cannot be read: " + ex.getMessage(), ex);
		}
		MessageDigest digest = sha256Digest();
		Path copy;
		try (InputStream in = new DigestInputStream(blob, digest)) {
			Files.createDirectories(this.tempDir);
			copy = Files.createTempFile(this.tempDir, "artifact-", ".zip");
			try (OutputStream out = Files.newOutputStream(copy)) {
				in.transferTo(out);
			}
		}
		catch (IOException ex) {
			throw new ArtifactException("artifact " + artifactKey + " cannot be read: " + ex.getMessage(), ex);
		}
		String actual = HexFormat.of().formatHex(digest.digest());
		if (sha256 != null && !sha256.isBlank() && !sha256.strip().equalsIgnoreCase(actual)) {
			deleteQuietly(copy);
			throw new ArtifactException("artifact " + artifactKey + " has SHA-256 " + actual + ", expected "
					+ sha256.strip() + "; it was altered after upload");
		}
		return copy;
	}

	private static void extract(Path zip, String prefix, Path target) throws ArtifactException {
		try (ZipFile archive = new ZipFile(zip.toFile())) {
			if (archive.size() > MAX_ENTRIES) {
				throw new ArtifactException(
						"artifact has " + archive.size() + " entries, at most " + MAX_ENTRIES + " are allowed");
			}
			checkEveryEntry(archive);
			Files.createDirectories(target);
			long unpacked = 0;
			boolean found = false;
			for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements();) {
				ZipEntry entry = entries.nextElement();
				if (!entry.getName().startsWith(prefix)) {
					continue;
				}
				found = true;
				String relative = entry.getName().substring(prefix.length());
				if (relative.isEmpty()) {
					continue;
				}
				Path file = target.resolve(relative).normalize();
				if (!file.startsWith(target) || file.equals(target)) {
					throw escapes(entry);
				}
				if (entry.isDirectory()) {
					Files.createDirectories(file);
					continue;
				}
				Files.createDirectories(file.getParent());
				try (InputStream in = archive.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
					unpacked += copyAtMost(in, out, MAX_UNPACKED_BYTES - unpacked);
				}
			}
			if (!found) {
				throw new ArtifactException("artifact has no " + prefix + " folder");
			}
		}
		catch (ZipException ex) {
			throw new ArtifactException("artifact is not a readable zip: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new ArtifactException("artifact cannot be unpacked: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Refuses the whole package when any entry, even of another service, points outside
	 * of it.
	 */
	private static void checkEveryEntry(ZipFile archive) throws ArtifactException {
		for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements();) {
			ZipEntry entry = entries.nextElement();
			String name = entry.getName();
			if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
					|| (name.length() > 1 && name.charAt(1) == ':')) {
				throw escapes(entry);
			}
			for (String segment : name.split("/")) {
				if (segment.equals("..")) {
					throw escapes(entry);
				}
			}
		}
	}

	private static ArtifactException escapes(ZipEntry entry) {
		return new ArtifactException("artifact entry '" + entry.getName() + "' escapes the archive; refusing it");
	}

	private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException, ArtifactException {
		byte[] buffer = new byte[8192];
		long copied = 0;
		int read;
		while ((read = in.read(buffer)) >= 0) {
			copied += read;
			if (copied > limit) {
				throw new ArtifactException(
						"artifact unpacks to more than " + MAX_UNPACKED_BYTES / (1024 * 1024) + " MB");
			}
			out.write(buffer, 0, read);
		}
		return copied;
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// see unpack
		}
	}

}
