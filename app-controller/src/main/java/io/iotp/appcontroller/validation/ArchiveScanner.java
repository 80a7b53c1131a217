package io.iotp.appcontroller.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.errors.ErrorCodes;

/**
 * The archive-level checks: is it a zip, can every entry stay inside it, and does it stay
 * within the limits when actually unpacked. Nothing is written to disk: entries are
 * inflated into a counter, and only the descriptors are kept.
 */
final class ArchiveScanner {

	static final String APP_CONFIG = "appConfig.json";

	private static final Pattern SERVICE_CONFIG = Pattern.compile("services/[^/]+/config\\.json");

	private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

	private static final int STORED = 0;

	private static final int DEFLATED = 8;

	/** Archive-level problems are reported at the empty path: the archive as a whole. */
	private static final String ARCHIVE = "";

	private final ValidationProperties limits;

	ArchiveScanner(ValidationProperties limits) {
		this.limits = limits;
	}

	/**
	 * Scans the archive, adding what is wrong to {@code problems}.
	 * @return its contents, or empty if it could not be read far enough to judge its
	 * descriptors
	 */
	Optional<ArchiveContents> scan(Path zip, Problems problems) throws IOException {
		long size = Files.size(zip);
		if (size == 0) {
			problems.add(ErrorCodes.APP_NOT_A_ZIP, ARCHIVE, "the upload is empty; send the app zip as part 'file'");
			return Optional.empty();
		}
		List<CentralDirectory.Entry> entries;
		try {
			long count = CentralDirectory.declaredEntryCount(zip);
			if (count > this.limits.maxEntries()) {
				problems.add(ErrorCodes.APP_TOO_MANY_ENTRIES, ARCHIVE, "the archive has " + count
						+ " entries, more than the " + this.limits.maxEntries() + " allowed");
				return Optional.empty();
			}
			entries = CentralDirectory.read(zip);
		}
		catch (CentralDirectory.NotAZipException ex) {
			problems.add(ErrorCodes.APP_NOT_A_ZIP, ARCHIVE, "the upload is not a zip archive: " + ex.getMessage());
			return Optional.empty();
		}
		Set<String> unreadable = checkEntries(entries, problems);
		try (ZipFile zipFile = new ZipFile(zip.toFile())) {
			return inflate(zipFile, unreadable, size, problems);
		}
		catch (ZipException ex) {
			problems.add(ErrorCodes.APP_NOT_A_ZIP, ARCHIVE,
					"the upload is not a readable zip archive: " + ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * @return the entries that cannot be inflated: encrypted or of an unknown method
	 */
	private static Set<String> checkEntries(List<CentralDirectory.Entry> entries, Problems problems) {
		Set<String> seen = new HashSet<>();
		Set<String> unreadable = new HashSet<>();
		for (CentralDirectory.Entry entry : entries) {
			String name = entry.name();
			escape(name).ifPresent((message) -> problems.add(ErrorCodes.APP_ZIP_SLIP, name, message));
			if (entry.symlink()) {
				problems.add(ErrorCodes.APP_ZIP_SLIP, name,
						"is a symbolic link, which could point outside the app; put the file itself in the archive");
			}
			if (entry.encrypted()) {
				problems.add(ErrorCodes.APP_NOT_A_ZIP, name, "is encrypted; upload an archive without a password");
				unreadable.add(name);
			}
			else if (entry.method() != STORED && entry.method() != DEFLATED) {
				problems.add(ErrorCodes.APP_NOT_A_ZIP, name, "uses compression method " + entry.method()
						+ "; only stored and deflated entries are supported");
				unreadable.add(name);
			}
			if (!seen.add(name)) {
				problems.add(ErrorCodes.APP_NOT_A_ZIP, name,
						"appears more than once in the archive; tools would disagree on which one counts");
			}
		}
		return unreadable;
	}

	/** Why the entry name would escape the folder it is unpacked into, if it would. */
	static Optional<String> escape(String name) {
		if (name.isEmpty()) {
			return Optional.of("has an empty name");
		}
		if (name.indexOf('\\') >= 0) {
			return Optional.of("contains a backslash, which is a path separator on Windows; zip entries use '/'");
		}
		if (name.startsWith("/")) {
			return Optional.of("is an absolute path; entries must be relative to the archive root");
		}
		if (DRIVE_LETTER.matcher(name).matches()) {
			return Optional.of("starts with a drive letter; entries must be relative to the archive root");
		}
		if (name.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			return Optional.of("contains control characters");
		}
		for (String segment : name.split("/")) {
			if (segment.equals("..")) {
				return Optional.of("escapes the archive through '..'; entries must stay inside it");
			}
		}
		return Optional.empty();
	}

	private Optional<ArchiveContents> inflate(ZipFile zipFile, Set<String> unreadable, long archiveSize,
			Problems problems) {
		Set<String> names = new HashSet<>();
		Map<String, byte[]> descriptors = new LinkedHashMap<>();
		long total = 0;
		boolean ratioReported = false;
		byte[] buffer = new byte[64 * 1024];
		for (ZipEntry entry : Collections.list(zipFile.entries())) {
			names.add(entry.getName());
			if (entry.isDirectory() || unreadable.contains(entry.getName())) {
				continue;
			}
			Inflated inflated = inflateEntry(zipFile, entry, buffer, this.limits.maxUnpackedSize().toBytes() - total,
					problems);
			total += inflated.bytes();
			if (inflated.overLimit()) {
				problems.add(ErrorCodes.APP_TOO_LARGE, ARCHIVE, "the archive unpacks to more than "
						+ this.limits.maxUnpackedSize().toMegabytes() + " MB (counted while unpacking)");
				return Optional.empty();
			}
			ratioReported |= inflated.ratioExceeded();
			if (inflated.content() != null) {
				descriptors.put(entry.getName(), inflated.content());
			}
		}
		if (!ratioReported && total >= this.limits.ratioCheckMinSize().toBytes()
				&& total > this.limits.maxCompressionRatio() * archiveSize) {
			problems.add(ErrorCodes.APP_COMPRESSION_RATIO, ARCHIVE,
					"the archive unpacks to " + total + " bytes from " + archiveSize + ", a ratio above "
							+ this.limits.maxCompressionRatio() + " to 1, which looks like a zip bomb");
		}
		return Optional.of(new ArchiveContents(names, descriptors));
	}

	private Inflated inflateEntry(ZipFile zipFile, ZipEntry entry, byte[] buffer, long budget, Problems problems) {
		boolean descriptor = isDescriptor(entry.getName());
		long maxDescriptor = this.limits.maxDescriptorSize().toBytes();
		ByteArrayOutputStream content = descriptor ? new ByteArrayOutputStream() : null;
		long compressed = Math.max(entry.getCompressedSize(), 1);
		long ratioFloor = this.limits.ratioCheckMinSize().toBytes();
		long bytes = 0;
		try (InputStream in = zipFile.getInputStream(entry)) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				bytes += read;
				if (bytes > budget) {
					return new Inflated(bytes, true, false, null);
				}
				if (bytes >= ratioFloor && bytes > this.limits.maxCompressionRatio() * compressed) {
					problems.add(ErrorCodes.APP_COMPRESSION_RATIO, entry.getName(),
							"unpacks to more than " + this.limits.maxCompressionRatio() + " times its packed size of "
									+ compressed + " bytes, which looks like a zip bomb");
					return new Inflated(bytes, false, true, null);
				}
				if (content != null) {
					if (bytes > maxDescriptor) {
						problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, entry.getName(),
								"is larger than " + this.limits.maxDescriptorSize().toKilobytes()
										+ " KB; a descriptor is a short JSON file");
						content = null;
					}
					else {
						content.write(buffer, 0, read);
					}
				}
			}
		}
		catch (IOException ex) {
			problems.add(ErrorCodes.APP_NOT_A_ZIP, entry.getName(), "cannot be unpacked: " + ex.getMessage());
			return new Inflated(bytes, false, false, null);
		}
		return new Inflated(bytes, false, false, (content != null) ? content.toByteArray() : null);
	}

	private static boolean isDescriptor(String name) {
		return name.equals(APP_CONFIG) || SERVICE_CONFIG.matcher(name).matches();
	}

	private record Inflated(long bytes, boolean overLimit, boolean ratioExceeded, byte @Nullable [] content) {

	}

	/**
	 * What the validator needs of a readable archive.
	 *
	 * @param names every entry name, files and folders
	 * @param descriptors the bytes of {@code appConfig.json} and of each
	 * {@code services/<s>/config.json} that could be read
	 */
	record ArchiveContents(Set<String> names, Map<String, byte[]> descriptors) {

		/** The files of the archive, folders left out. */
		List<String> files() {
			return new ArrayList<>(this.names.stream().filter((name) -> !name.endsWith("/")).sorted().toList());
		}

	}

}
