package io.iotp.appcontroller.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.InstanceBounds;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.schemas.Schemas;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The package's layout and descriptors: {@code appConfig.json} and one
 * {@code config.json} per service folder, each against its schema, then what schemas
 * cannot say (references between them, known sensor types, consistent bounds).
 */
final class DescriptorChecks {

	private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

	private static final Pattern SENSOR_SERVICE_POINTER = Pattern.compile("/sensors/\\d+/services/\\d+");

	private static final String SERVICES = "services/";

	/**
	 * A duplicated key is ambiguous (which one counts?), so it is an error rather than
	 * last-wins.
	 */
	private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	private final ContractSchemas schemas;

	private final SensorTypeCatalog sensorTypes;

	DescriptorChecks(ContractSchemas schemas, SensorTypeCatalog sensorTypes) {
		this.schemas = schemas;
		this.sensorTypes = sensorTypes;
	}

	/**
	 * Checks the descriptors; the package, if nothing at all was wrong (including before
	 * this step).
	 */
	Optional<ValidatedPackage> check(ArchiveScanner.ArchiveContents contents, Problems problems) {
		Set<String> folders = serviceFolders(contents, problems);
		Map<String, JsonNode> configs = new LinkedHashMap<>();
		for (String service : folders) {
			String path = SERVICES + service + "/config.json";
			byte[] bytes = contents.descriptors().get(path);
			if (bytes != null) {
				parse(path, bytes, problems).ifPresent((config) -> {
					checkServiceConfig(path, config, problems);
					configs.put(service, config);
				});
			}
		}
		byte[] appConfigBytes = contents.descriptors().get(ArchiveScanner.APP_CONFIG);
		if (appConfigBytes == null) {
			if (!contents.names().contains(ArchiveScanner.APP_CONFIG)) {
				problems.add(ErrorCodes.APP_MISSING_DESCRIPTOR, ArchiveScanner.APP_CONFIG, missingAppConfig(contents));
			}
			return Optional.empty();
		}
		Optional<JsonNode> appConfig = parse(ArchiveScanner.APP_CONFIG, appConfigBytes, problems);
		appConfig.ifPresent((config) -> checkAppConfig(config, folders, configs, problems));
		if (!problems.isEmpty() || appConfig.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(toPackage(appConfig.get(), configs));
	}

	/**
	 * Every folder under {@code services/}; a folder without {@code config.json} is a
	 * problem.
	 */
	private static Set<String> serviceFolders(ArchiveScanner.ArchiveContents contents, Problems problems) {
		Set<String> folders = new TreeSet<>();
		for (String name : contents.names()) {
			if (!name.startsWith(SERVICES) || name.length() == SERVICES.length()) {
				continue;
			}
			String rest = name.substring(SERVICES.length());
			int slash = rest.indexOf('/');
			if (slash > 0) {
				folders.add(rest.substring(0, slash));
			}
			else if (slash < 0 && !rest.startsWith(".")) {
				problems.add(ErrorCodes.APP_SERVICE_MISMATCH, name, "is a file directly under services/; "
						+ "each service is a folder services/<name>/ with a config.json");
			}
		}
		for (String service : folders) {
			if (!SERVICE_NAME.matcher(service).matches()) {
				problems.add(ErrorCodes.APP_BAD_NAME, SERVICES + service + "/",
						"service name '" + service
								+ "' is out of pattern [a-z][a-z0-9-]{0,30}: lowercase letters, digits and dashes, "
								+ "starting with a letter, at most 31 characters");
			}
			if (!contents.names().contains(SERVICES + service + "/config.json")) {
				problems.add(ErrorCodes.APP_MISSING_DESCRIPTOR, SERVICES + service + "/config.json",
						"is missing: every folder under services/ is a service and needs a config.json");
			}
		}
		if (folders.isEmpty()) {
			problems.add(ErrorCodes.APP_SERVICE_MISMATCH, SERVICES,
					"the app has no services; add a folder services/<name>/ with a config.json");
		}
		return folders;
	}

	private static String missingAppConfig(ArchiveScanner.ArchiveContents contents) {
		Optional<String> nested = contents.names()
			.stream()
			.filter((name) -> name.endsWith("/" + ArchiveScanner.APP_CONFIG)
					&& name.indexOf('/') == name.lastIndexOf('/'))
			.sorted()
			.findFirst();
		return nested
			.map((name) -> "is missing at the root of the archive; found " + name
					+ ": zip the contents of the app folder, not the folder itself")
			.orElse("is missing at the root of the archive; every app needs one");
	}

	private Optional<JsonNode> parse(String path, byte[] bytes, Problems problems) {
		try {
			JsonNode node = this.json.readTree(bytes);
			if (node == null || node.isMissingNode()) {
				problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, path, "is empty; it must be a JSON object");
				return Optional.empty();
			}
			return Optional.of(node);
		}
		catch (JacksonException ex) {
			String where = (ex.getLocation() != null)
					? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
			problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, path,
					"is not valid JSON" + where + ": " + ex.getOriginalMessage());
			return Optional.empty();
		}
	}

	private void checkServiceConfig(String path, JsonNode config, Problems problems) {
		for (ContractSchemas.Violation violation : this.schemas.violations(Schemas.SERVICE_CONFIG, config)) {
			if (violation.pointer().equals("/runtime") && violation.keyword().equals("enum")) {
				problems.add(ErrorCodes.APP_UNKNOWN_RUNTIME, at(path, violation.pointer()),
						"unknown runtime " + config.get("runtime") + "; use python, java, node or command");
			}
			else if (violation.pointer().equals("/env") && violation.keyword().equals("propertyNames")) {
				problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, at(path, violation.pointer()), violation.message()
						+ "; names are [A-Za-z_][A-Za-z0-9_]*, and PORT, IOTP_* and KAFKA_BOOTSTRAP_SERVERS are the platform's");
			}
			else {
				problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, at(path, violation.pointer()), violation.message());
			}
		}
		JsonNode instances = config.path("instances");
		if (instances.path("min").isInt() && instances.path("max").isInt()
				&& instances.path("max").asInt() < instances.path("min").asInt()) {
			problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, at(path, "/instances/max"),
					"max " + instances.path("max").asInt() + " is below min " + instances.path("min").asInt());
		}
		if (config.path("http").isBoolean() && !config.path("http").asBoolean() && config.has("healthPath")) {
			problems.add(ErrorCodes.APP_MALFORMED_DESCRIPTOR, at(path, "/healthPath"),
					"needs http: true; a worker (http: false) is healthy while its process runs");
		}
	}

	private void checkAppConfig(JsonNode config, Set<String> folders, Map<String, JsonNode> configs,
			Problems problems) {
		String path = ArchiveScanner.APP_CONFIG;
		for (ContractSchemas.Violation violation : this.schemas.violations(Schemas.APP_CONFIG, config)) {
			problems.add(appConfigCode(violation), at(path, violation.pointer()), appConfigMessage(violation, config));
		}
		JsonNode entry = config.path("entryService");
		if (entry.isString() && SERVICE_NAME.matcher(entry.asString()).matches()) {
			String service = entry.asString();
			if (!folders.contains(service)) {
				problems.add(ErrorCodes.APP_SERVICE_MISMATCH, at(path, "/entryService"), "names service '" + service
						+ "', but there is no folder services/" + service + "/ with a config.json");
			}
			else if (configs.containsKey(service) && !configs.get(service).path("http").asBoolean(true)) {
				problems.add(ErrorCodes.APP_SERVICE_MISMATCH, at(path, "/entryService"), "names service '" + service
						+ "', which has http: false; the service behind the app link must listen on $PORT");
			}
		}
		JsonNode sensors = config.path("sensors");
		for (int i = 0; sensors.isArray() && i < sensors.size(); i++) {
			JsonNode sensor = sensors.get(i);
			JsonNode type = sensor.path("type");
			if (type.isString() && !this.sensorTypes.isKnown(type.asString())) {
				problems.add(ErrorCodes.APP_UNKNOWN_SENSOR_TYPE, at(path, "/sensors/" + i + "/type"),
						"sensor type '" + type.asString() + "' is unknown; known types: "
								+ String.join(", ", new TreeSet<>(this.sensorTypes.knownTypes())));
			}
			JsonNode services = sensor.path("services");
			for (int j = 0; services.isArray() && j < services.size(); j++) {
				JsonNode service = services.get(j);
				if (service.isString() && SERVICE_NAME.matcher(service.asString()).matches()
						&& !folders.contains(service.asString())) {
					problems.add(ErrorCodes.APP_SERVICE_MISMATCH, at(path, "/sensors/" + i + "/services/" + j),
							"names service '" + service.asString() + "', but there is no folder services/"
									+ service.asString() + "/ with a config.json");
				}
			}
		}
	}

	private static ErrorCode appConfigCode(ContractSchemas.Violation violation) {
		boolean name = violation.pointer().equals("/name") || violation.pointer().equals("/entryService")
				|| SENSOR_SERVICE_POINTER.matcher(violation.pointer()).matches();
		return (name && violation.keyword().equals("pattern")) ? ErrorCodes.APP_BAD_NAME
				: ErrorCodes.APP_MALFORMED_DESCRIPTOR;
	}

	private static String appConfigMessage(ContractSchemas.Violation violation, JsonNode config) {
		if (violation.pointer().equals("/name") && violation.keyword().equals("pattern")) {
			return "app name " + config.get("name") + " is out of pattern [a-z][a-z0-9-]{1,38}: lowercase letters, "
					+ "digits and dashes, starting with a letter, 2 to 39 characters";
		}
		if (violation.pointer().equals("/version") && violation.keyword().equals("pattern")) {
			return "version " + config.get("version") + " is not a semantic version such as 1.0.0";
		}
		return violation.message();
	}

	private static String at(String file, String pointer) {
		return pointer.isEmpty() ? file : file + "#" + pointer;
	}

	private static ValidatedPackage toPackage(JsonNode appConfig, Map<String, JsonNode> configs) {
		List<ServiceSpec> services = new ArrayList<>();
		configs.forEach((name, config) -> services.add(toSpec(name, config)));
		List<SensorRequirement> sensors = new ArrayList<>();
		for (JsonNode sensor : appConfig.path("sensors")) {
			List<String> targets = new ArrayList<>();
			sensor.path("services").forEach((service) -> targets.add(service.asString()));
			sensors.add(new SensorRequirement(sensor.path("type").asString(), text(sensor, "location"),
					sensor.path("count").asInt(1), targets));
		}
		return new ValidatedPackage(appConfig.path("name").asString(), appConfig.path("version").asString(),
				text(appConfig, "description"), text(appConfig, "entryService"),
				AppAccess.of(appConfig.path("access").asString("public")), sensors, services);
	}

	private static ServiceSpec toSpec(String name, JsonNode config) {
		List<String> command = new ArrayList<>();
		config.path("command").forEach((part) -> command.add(part.asString()));
		Map<String, String> env = new LinkedHashMap<>();
		config.path("env")
			.properties()
			.forEach((variable) -> env.put(variable.getKey(), variable.getValue().asString()));
		JsonNode resources = config.path("resources");
		JsonNode instances = config.path("instances");
		int min = instances.path("min").asInt(1);
		return new ServiceSpec(name, RuntimeKind.of(config.path("runtime").asString()), command,
				config.path("http").asBoolean(true), text(config, "healthPath"), env,
				new Resources(resources.path("cpu").asDouble(Resources.DEFAULT.cpu()),
						resources.path("memoryMb").asLong(Resources.DEFAULT.memoryMb())),
				new InstanceBounds(min, instances.path("max").asInt(min)),
				SensorDelivery.of(config.path("sensorDelivery").asString("none")));
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}
