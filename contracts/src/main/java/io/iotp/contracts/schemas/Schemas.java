package io.iotp.contracts.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON Schemas shipped on the classpath under {@code io/iotp/contracts/schemas/}, by
 * name. A name is also what {@code GET /api/contracts/schemas/{name}} takes; the file is
 * {@code <name>.schema.json}.
 */
public final class Schemas {

	/** {@code appConfig.json} at the root of an app zip. */
	public static final String APP_CONFIG = "app-config";

	/** {@code services/<service>/config.json}. */
	public static final String SERVICE_CONFIG = "service-config";

	/** Body of {@code POST /api/apps/{appId}/deployments}. */
	public static final String DEPLOYMENT_REQUEST = "deployment-request";

	/** Body of {@code POST /api/sensor-types}. */
	public static final String SENSOR_TYPE = "sensor-type";

	private static final List<String> NAMES = List.of(APP_CONFIG, SERVICE_CONFIG, DEPLOYMENT_REQUEST, SENSOR_TYPE);

	private static final String SUFFIX = ".schema.json";

	private Schemas() {
	}

	/** Every schema name. */
	public static List<String> names() {
		return NAMES;
	}

	/**
	 * Whether {@code name} is a schema; the {@code .schema.json} file name is accepted
	 * too.
	 */
	public static boolean exists(String name) {
		return NAMES.contains(strip(name));
	}

	/** The file name of a schema, e.g. {@code app-config.schema.json}. */
	public static String fileName(String name) {
		return requireKnown(name) + SUFFIX;
	}

	/**
	 * The classpath resource of a schema, e.g.
	 * {@code io/iotp/contracts/schemas/app-config.schema.json}.
	 */
	public static String resourcePath(String name) {
		return "io/iotp/contracts/schemas/" + fileName(name);
	}

	/**
	 * Opens a schema; the caller closes the stream.
	 * @throws IllegalArgumentException if there is no schema of that name
	 */
	public static InputStream open(String name) {
		String path = resourcePath(name);
		InputStream in = Schemas.class.getClassLoader().getResourceAsStream(path);
		if (in == null) {
			throw new IllegalStateException("schema resource " + path + " is missing from the classpath");
		}
		return in;
	}

	/**
	 * A schema's JSON text.
	 * @throws IllegalArgumentException if there is no schema of that name
	 */
	public static String read(String name) {
		try (InputStream in = open(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read schema " + name, ex);
		}
	}

	private static String requireKnown(String name) {
		String stripped = strip(name);
		if (!NAMES.contains(stripped)) {
			throw new IllegalArgumentException("no schema named '" + name + "', expected one of " + NAMES);
		}
		return stripped;
	}

	private static String strip(String name) {
		return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
	}

}
