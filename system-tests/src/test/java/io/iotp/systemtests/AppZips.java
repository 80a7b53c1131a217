package io.iotp.systemtests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.iotp.contracts.samples.SampleApps;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small app packages written by tests. */
final class AppZips {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	/**
	 * The code of a {@code java} service, for the folder {@code services/<service>/} of
	 * an app zip, made from the test classpath: {@code app.jar} holds the main class and
	 * its nested classes, with a manifest naming the main class and a {@code Class-Path}
	 * onto {@code lib/}, where the jars come that hold each of the {@code libraries}
	 * classes, named (one class per jar the main class needs at run time). The default
	 * command of the runtime, {@code java -jar app.jar}, runs it.
	 * @return the files by path below the service folder
	 */
	static Map<String, byte[]> javaService(Class<?> main, List<String> libraries) {
		Set<Path> jars = new LinkedHashSet<>();
		for (String library : libraries) {
			try {
				jars.add(codeSource(Class.forName(library, false, main.getClassLoader())));
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(library + " is not on the test classpath", ex);
			}
		}
		Map<String, byte[]> files = new LinkedHashMap<>();
		StringBuilder classPath = new StringBuilder();
		try {
			for (Path jar : jars) {
				String name = "lib/" + jar.getFileName();
				classPath.append(classPath.isEmpty() ? "" : " ").append(name);
				files.put(name, Files.readAllBytes(jar));
			}
			Manifest manifest = new Manifest();
			manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
			manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
			manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
			String packageDir = main.getPackageName().replace('.', '/');
			Path classes = codeSource(main).resolve(packageDir);
			ByteArrayOutputStream appJar = new ByteArrayOutputStream();
			try (JarOutputStream jar = new JarOutputStream(appJar, manifest);
					Stream<Path> listed = Files.list(classes)) {
				for (Path file : listed.sorted().toList()) {
					String name = file.getFileName().toString();
					if (name.equals(main.getSimpleName() + ".class") || name.startsWith(main.getSimpleName() + "$")) {
						jar.putNextEntry(new JarEntry(packageDir + "/" + name));
						jar.write(Files.readAllBytes(file));
						jar.closeEntry();
					}
				}
			}
			files.put("app.jar", appJar.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/** Where a class was loaded from: a jar, or the folder of compiled test classes. */
	private static Path codeSource(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A copy of an app zip with another app name in its appConfig.json. */
	static byte[] renamed(byte[] zip, String newName) {
		Map<String, byte[]> entries = entries(zip);
		String config = new String(entries.get("appConfig.json"), StandardCharsets.UTF_8);
		entries.put("appConfig.json",
				config.replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"" + newName + "\"")
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

	/**
	 * The Python sample renamed, its dashboard bound to {@code count} temperature sensors
	 * at the location and keeping up to 5,000 readings, the monitor asking for none.
	 */
	static byte[] boundGreenhouse(String name, String location, int count) {
		return boundGreenhouse(name, location, count, "temperature");
	}

	/** The same, asking for sensors of another type. */
	static byte[] boundGreenhouse(String name, String location, int count, String type) {
		Map<String, byte[]> entries = entries(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));
		ObjectNode config = (ObjectNode) JSON.readTree(entries.get("appConfig.json"));
		config.put("name", name);
		config.set("sensors", JSON.readTree("[{\"type\": \"" + type + "\", \"location\": \"" + location
				+ "\", \"count\": " + count + ", \"services\": [\"dashboard\"]}]"));
		entries.put("appConfig.json", JSON.writeValueAsBytes(config));
		ObjectNode dashboard = (ObjectNode) JSON.readTree(entries.get("services/dashboard/config.json"));
		((ObjectNode) dashboard.get("env")).put("MAX_READINGS", "5000");
		entries.put("services/dashboard/config.json", JSON.writeValueAsBytes(dashboard));
		return zipBytes(entries);
	}

}
