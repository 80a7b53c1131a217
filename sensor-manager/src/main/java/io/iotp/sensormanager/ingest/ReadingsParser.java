package io.iotp.sensormanager.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.messaging.IsoInstants;
import io.iotp.sensormanager.registry.Violations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a body into readings: one reading {@code {ts?, values}} or an array of them, or
 * for batches an array of {@code {sensorId, ts?, values}}. {@code ts} is an ISO-8601
 * instant or epoch milliseconds. Every shape problem is listed; nothing is checked
 * against sensor types here.
 */
@Component
class ReadingsParser {

	private static final Set<String> SINGLE_KEYS = Set.of("ts", "values");

	private static final Set<String> BATCH_KEYS = Set.of("sensorId", "ts", "values");

	private final JsonMapper json;

	private final IngestProperties properties;

	ReadingsParser(JsonMapper json, IngestProperties properties) {
		this.json = json;
		this.properties = properties;
	}

	/** Readings of one sensor: a lone reading or an array. */
	List<DeviceReading> single(byte[] body) {
		JsonNode root = tree(body);
		Violations violations = new Violations();
		List<DeviceReading> readings = new ArrayList<>();
		if (root.isObject()) {
			readings.add(reading("", root, SINGLE_KEYS, violations));
		}
		else if (root.isArray()) {
			requireSize(root);
			for (int i = 0; i < root.size(); i++) {
				readings.add(reading("/" + i, root.get(i), SINGLE_KEYS, violations));
			}
		}
		else {
			violations.add("", "must be a reading {ts?, values} or an array of readings");
		}
		violations.throwIfAny(ErrorCodes.SENSOR_INVALID_READING, "readings rejected, none accepted");
		return readings;
	}

	/** Readings of several sensors: an array of {@code {sensorId, ts?, values}}. */
	List<DeviceReading> batch(byte[] body) {
		JsonNode root = tree(body);
		Violations violations = new Violations();
		List<DeviceReading> readings = new ArrayList<>();
		if (!root.isArray()) {
			violations.add("", "a batch must be an array of readings {sensorId, ts?, values}");
		}
		else {
			requireSize(root);
			for (int i = 0; i < root.size(); i++) {
				readings.add(reading("/" + i, root.get(i), BATCH_KEYS, violations));
			}
		}
		violations.throwIfAny(ErrorCodes.SENSOR_INVALID_READING, "readings rejected, none accepted");
		return readings;
	}

	private JsonNode tree(byte[] body) {
		if (body.length == 0) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED, "the body is empty; send JSON readings");
		}
		try {
			JsonNode root = this.json.readTree(body);
			if (root == null || root.isMissingNode()) {
				throw new PlatformException(ErrorCodes.REQUEST_MALFORMED, "the body is empty; send JSON readings");
			}
			return root;
		}
		catch (JacksonException ex) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED,
					"the body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private void requireSize(JsonNode array) {
		if (array.isEmpty()) {
			throw new PlatformException(ErrorCodes.SENSOR_INVALID_READING, "the array of readings is empty");
		}
		if (array.size() > this.properties.maxReadings()) {
			throw new PlatformException(ErrorCodes.REQUEST_TOO_LARGE, array.size()
					+ " readings in one request; at most " + this.properties.maxReadings() + " are accepted");
		}
	}

	private static DeviceReading reading(String path, JsonNode node, Set<String> allowed, Violations violations) {
		if (!node.isObject()) {
			violations.add(path, "a reading must be an object, got " + node.getNodeType().name().toLowerCase());
			return new DeviceReading(path, null, null, Map.of());
		}
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			if (!allowed.contains(property.getKey())) {
				violations.add(path + "/" + property.getKey(),
						"unknown property '" + property.getKey() + "'; a reading has " + allowed);
			}
		}
		String sensorId = null;
		if (allowed.contains("sensorId")) {
			JsonNode id = node.get("sensorId");
			if (id == null || !id.isString() || id.asString().isBlank()) {
				violations.add(path + "/sensorId", "each reading of a batch names its sensorId");
			}
			else {
				sensorId = id.asString();
			}
		}
		return new DeviceReading(path, sensorId, ts(path, node.get("ts"), violations),
				values(path, node.get("values"), violations));
	}

	private static @Nullable Instant ts(String path, @Nullable JsonNode ts, Violations violations) {
		if (ts == null || ts.isNull()) {
			return null;
		}
		try {
			if (ts.isString()) {
				return IsoInstants.parse(ts.asString());
			}
			if (ts.isIntegralNumber() && ts.canConvertToLong() && ts.longValue() >= 0) {
				return Instant.ofEpochMilli(ts.longValue());
			}
		}
		catch (DateTimeException ex) {
			// reported below
		}
		violations.add(path + "/ts",
				"must be an ISO-8601 instant like 2026-01-31T12:00:00Z or epoch milliseconds, got " + abbreviated(ts));
		return null;
	}

	private static Map<String, @Nullable Object> values(String path, @Nullable JsonNode values, Violations violations) {
		if (values == null || values.isNull()) {
			violations.add(path + "/values", "a reading needs values {field: value, ...}");
			return Map.of();
		}
		if (!values.isObject()) {
			violations.add(path + "/values", "must be an object {field: value, ...}, got " + abbreviated(values));
			return Map.of();
		}
		Map<String, @Nullable Object> decoded = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> value : values.properties()) {
			decoded.put(value.getKey(), scalar(value.getValue()));
		}
		return decoded;
	}

	private static @Nullable Object scalar(JsonNode node) {
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isString()) {
			return node.asString();
		}
		if (node.isNull()) {
			return null;
		}
		return new Unsupported(abbreviated(node));
	}

	private static String abbreviated(JsonNode node) {
		String text = node.toString();
		return (text.length() > 60) ? text.substring(0, 57) + "..." : text;
	}

	/**
	 * An object or array where a value should be: no field type accepts it; printed as
	 * its JSON.
	 */
	private record Unsupported(String json) {

		@Override
		public String toString() {
			return this.json;
		}

	}

}
