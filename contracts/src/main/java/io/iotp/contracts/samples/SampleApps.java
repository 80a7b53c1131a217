package io.iotp.contracts.samples;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The sample apps, read from {@code io/iotp/contracts/samples/} on the classpath and
 * zipped in the layout of SPEC §3 ({@code appConfig.json} at the root,
 * {@code services/<service>/...}). Files inside a jar cannot be listed, so
 * {@code samples/index.txt} names every file.
 */
public final class SampleApps {

	/**
	 * App {@code greenhouse}: a dashboard (HTTP, sensor readings over HTTP) and a monitor
	 * worker, Python.
	 */
	public static final String PYTHON_GREENHOUSE = "python-greenhouse";

	/**
	 * App {@code hello-java}: one HTTP service, {@code web}, running {@code app.jar} on
	 * the JDK alone.
	 */
	public static final String JAVA_HELLO = "java-hello";

	private static final String ROOT = "io/iotp/contracts/samples/";

	/** Fixed entry time, so the same sample always zips to the same bytes. */
	private static final long ENTRY_TIME = 1767225600000L; // 2026-01-01T00:00:00Z

	private static final Map<String, List<String>> FILES = readIndex();

	private SampleApps() {
	}

	/** Every sample's name. */
	public static List<String> names() {
		return List.copyOf(FILES.keySet());
	}

	/**
	 * The app name in a sample's {@code appConfig.json}, e.g. {@code greenhouse}; it is
	 * in the app link.
	 */
	public static String appName(String sample) {
		return JsonMapper.builder().build().readTree(read(sample, "appConfig.json")).required("name").asString();
	}

	/**
	 * The files of a sample, as paths inside its zip, e.g.
	 * {@code services/dashboard/main.py}.
	 */
	public static List<String> files(String sample) {
		List<String> files = FILES.get(sample);
		if (files == null) {
			throw new IllegalArgumentException("no sample app named '" + sample + "', expected one of " + names());
		}
		return files;
	}

	/**
	 * Opens one file of a sample; the caller closes the stream.
	 * @throws IllegalArgumentException if the sample has no such file
	 */
	public static InputStream open(String sample, String file) {
		if (!files(sample).contains(file)) {
			throw new IllegalArgumentException("sample app '" + sample + "' has no file '" + file + "'");
		}
		return resource(ROOT + sample + "/" + file);
	}

	/** The bytes of one file of a sample. */
	public static byte[] read(String sample, String file) {
		try (InputStream in = open(sample, file)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + sample + "/" + file, ex);
		}
	}

	/** A sample as an app zip, ready to upload. */
	public static byte[] zip(String sample) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		writeZip(sample, bytes);
		return bytes.toByteArray();
	}

	/**
	 * Writes a sample as an app zip to {@code target}, replacing it, and returns
	 * {@code target}.
	 */
	public static Path writeZip(String sample, Path target) {
		try (OutputStream out = Files.newOutputStream(target)) {
			writeZip(sample, out);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + target, ex);
		}
	}

	/** Writes a sample as an app zip to {@code out}, which stays open. */
	public static void writeZip(String sample, OutputStream out) {
		try {
			ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
			for (String file : files(sample)) {
				ZipEntry entry = new ZipEntry(file);
				entry.setTime(ENTRY_TIME);
				zip.putNextEntry(entry);
				try (InputStream in = open(sample, file)) {
					in.transferTo(zip);
				}
				zip.closeEntry();
			}
			zip.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot zip sample app " + sample, ex);
		}
	}

	private static Map<String, List<String>> readIndex() {
		Map<String, List<String>> files = new LinkedHashMap<>();
		try (BufferedReader index = new BufferedReader(
				new InputStreamReader(resource(ROOT + "index.txt"), StandardCharsets.UTF_8))) {
			index.lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.forEach((line) -> {
					int slash = line.indexOf('/');
					files.computeIfAbsent(line.substring(0, slash), (sample) -> new ArrayList<>())
						.add(line.substring(slash + 1));
				});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the sample index", ex);
		}
		Map<String, List<String>> frozen = new LinkedHashMap<>();
		files.forEach((sample, paths) -> frozen.put(sample, List.copyOf(paths)));
		return Collections.unmodifiableMap(frozen);
	}

	private static InputStream resource(String path) {
		InputStream in = SampleApps.class.getClassLoader().getResourceAsStream(path);
		if (in == null) {
			throw new IllegalStateException(path + " is missing from the classpath");
		}
		return in;
	}

}
