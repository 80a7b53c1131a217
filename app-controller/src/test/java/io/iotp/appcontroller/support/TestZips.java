package io.iotp.appcontroller.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** App zips for tests: a valid minimal app to start from, and ways to break it. */
public final class TestZips {

	private final Map<String, byte[]> entries = new LinkedHashMap<>();

	private TestZips() {
	}

	/** An empty archive builder. */
	public static TestZips empty() {
		return new TestZips();
	}

	/**
	 * A valid app {@code name} {@code version} with one HTTP service {@code web} and one
	 * worker {@code worker}.
	 */
	public static TestZips app(String name, String version) {
		return empty()
			.with("appConfig.json",
					"""
							{"name": "%s", "version": "%s", "description": "test app", "entryService": "web",
							 "sensors": [{"type": "temperature", "location": "lab", "count": 1, "services": ["worker"]}]}"""
						.formatted(name, version))
			.with("services/web/config.json", """
					{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 3},
					 "sensorDelivery": "http"}""")
			.with("services/web/main.py", "print('web')\n")
			.with("services/worker/config.json", """
					{"runtime": "command", "command": ["./run.sh"], "http": false, "env": {"MODE": "test"}}""")
			.with("services/worker/run.sh", "#!/bin/sh\necho worker\n");
	}

	public TestZips with(String path, String content) {
		return with(path, content.getBytes(StandardCharsets.UTF_8));
	}

	public TestZips with(String path, byte[] content) {
		this.entries.put(path, content);
		return this;
	}

	public TestZips without(String path) {
		this.entries.remove(path);
		return this;
	}

	/** The archive, every entry deflated. */
	public byte[] bytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
			for (Map.Entry<String, byte[]> entry : this.entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Marks {@code entryName} in the central directory as a Unix symlink (mode 0120777),
	 * as {@code zip -y} does.
	 */
	public static byte[] symlinked(byte[] zip, String entryName) {
		byte[] patched = zip.clone();
		ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
		int at = centralHeader(buffer, entryName);
		buffer.putShort(at + 4, (short) ((3 << 8) | 30)); // made by: Unix, zip 3.0
		buffer.putInt(at + 38, 0120777 << 16); // external attributes: symlink, rwxrwxrwx
		return patched;
	}

	/**
	 * Makes {@code entryName} declare {@code size} uncompressed bytes, in its local and
	 * central headers.
	 */
	public static byte[] declaringSize(byte[] zip, String entryName, int size) {
		byte[] patched = zip.clone();
		ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
		int central = centralHeader(buffer, entryName);
		buffer.putInt(central + 24, size);
		int local = buffer.getInt(central + 42);
		buffer.putInt(local + 22, size);
		// ZipOutputStream writes the sizes of a deflated entry in a data descriptor after
		// its data; leave
		// that one alone: readers use the central directory
		return patched;
	}

	private static int centralHeader(ByteBuffer buffer, String entryName) {
		byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
		for (int at = buffer.limit() - 46; at >= 0; at--) {
			if (buffer.getInt(at) == 0x02014b50 && Short.toUnsignedInt(buffer.getShort(at + 28)) == name.length) {
				byte[] candidate = new byte[name.length];
				buffer.get(at + 46, candidate);
				if (Arrays.equals(candidate, name)) {
					return at;
				}
			}
		}
		throw new IllegalArgumentException("no central header for " + entryName);
	}

}
