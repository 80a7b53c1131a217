package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The start-up caches of the platform services: JDK 25's ahead-of-time cache (JEP 483,
 * made in one step by JEP 514) holds the classes a service loads and links while its
 * context starts, so a start maps one file instead of finding, parsing and verifying them
 * in ~90 jars again. sensor-manager's context came up in 3.1 s with 4.1 s of CPU time
 * instead of 7.4 s and 10.6 s.
 * <p>
 * The cache needs the classes on a plain class path, so the Boot jar is extracted first.
 * Both live in {@code <module>/target/startup-cache/} and belong to the jar they were
 * made from: a cache is used only while its key (the jar's size and time, the Java
 * runtime, the JVM options) still matches, so a rebuilt jar, another JDK or other options
 * start from the jar as built until {@link StartupCacheTraining} has made a new one.
 * {@code IOTP_STARTUP_CACHE=off} turns the caches off.
 */
final class StartupCaches {

	/**
	 * The first Java release that makes the cache in one run
	 * ({@code -XX:AOTCacheOutput}).
	 */
	static final int FIRST_RELEASE = 25;

	private final PlatformLayout layout;

	private final boolean enabled;

	StartupCaches(PlatformLayout layout) {
		this(layout, Runtime.version().feature() >= FIRST_RELEASE
				&& !"off".equalsIgnoreCase(System.getenv().getOrDefault("IOTP_STARTUP_CACHE", "").trim()));
	}

	StartupCaches(PlatformLayout layout, boolean enabled) {
		this.layout = layout;
		this.enabled = enabled;
	}

	boolean enabled() {
		return this.enabled;
	}

	/**
	 * How the service's code is launched: {@code -jar} the extracted jar with its cache,
	 * or the jar as built.
	 */
	List<String> launch(String module, List<String> jvmOptions) {
		if (ready(module, jvmOptions)) {
			return List.of("-XX:AOTCache=" + cacheFile(module), "-jar", extractedJar(module).toString());
		}
		return List.of("-jar", this.layout.serviceJar(module).toString());
	}

	/**
	 * The launch of a training run: the extracted jar, writing the cache when the JVM
	 * exits.
	 */
	List<String> training(String module, Path output) {
		return List.of("-XX:AOTCacheOutput=" + output, "-Dspring.context.exit=onRefresh", "-jar",
				extractedJar(module).toString());
	}

	boolean ready(String module, List<String> jvmOptions) {
		return this.enabled && Files.isRegularFile(cacheFile(module)) && Files.isRegularFile(extractedJar(module))
				&& key(module, jvmOptions).equals(read(keyFile(module)));
	}

	/**
	 * Whether making this cache failed before for the same jar, runtime and options (it
	 * is not tried again).
	 */
	boolean failedBefore(String module, List<String> jvmOptions) {
		String failed = read(failedFile(module));
		return failed != null && failed.lines().findFirst().orElse("").equals(key(module, jvmOptions));
	}

	/** What a cache was made from; when any of it changes, the cache no longer fits. */
	String key(String module, List<String> jvmOptions) {
		Path jar = this.layout.serviceJar(module);
		try {
			return "jar=" + Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis() + " java="
					+ this.layout.javaCommand() + " " + Runtime.version() + " options=" + String.join(" ", jvmOptions);
		}
		catch (IOException ex) {
			return "jar missing: " + jar;
		}
	}

	Path dir(String module) {
		return this.layout.serviceJar(module).resolveSibling("startup-cache");
	}

	Path extractedDir(String module) {
		return dir(module).resolve("app");
	}

	Path extractedJar(String module) {
		return extractedDir(module).resolve(module + ".jar");
	}

	Path cacheFile(String module) {
		return dir(module).resolve(module + ".aot");
	}

	Path keyFile(String module) {
		return dir(module).resolve(module + ".key");
	}

	Path failedFile(String module) {
		return dir(module).resolve(module + ".failed");
	}

	private static String read(Path file) {
		try {
			return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
