package io.iotp.systemtests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Small app packages written by tests. */
final class AppZips {

	private AppZips() {
	}

	/** An app whose one Python service prints a line and exits with code 3 at once. */
	static byte[] crashingApp(String name) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "exits at once", "entryService": "web"}
				""".formatted(name));
		files.put("services/web/config.json", """
				{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 1}}
				""");
		files.put("services/web/main.py", "import sys\nprint('boom: cannot start', flush=True)\nsys.exit(3)\n");
		return zip(files);
	}

	/** A copy of an app zip with another app name in its appConfig.json. */
	static byte[] renamed(byte[] zip, String newName) {
		Map<String, byte[]> entries = entries(zip);
		String config = new String(entries.get("appConfig.json"), StandardCharsets.UTF_8);
		entries.put("appConfig.json", config.replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"" + newName + "\"")
			.getBytes(StandardCharsets.UTF_8));
		return zipBytes(entries);
	}

	/** The files of an app zip by path, in their order. */
	static Map<String, byte[]> entries(byte[] zip) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
				if (!entry.isDirectory()) {
					entries.put(entry.getName(), in.readAllBytes());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return entries;
	}

	static byte[] zipBytes(Map<String, byte[]> entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(entry.getKey()));
				out.write(entry.getValue());
				out.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static byte[] zip(Map<String, String> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, String> file : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
