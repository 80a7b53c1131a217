package io.iotp.contracts.errors;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every error code of the platform. Add new codes here rather than inventing them in a
 * service, so a client can rely on the list (it is published with the contract).
 */
public final class ErrorCodes {

	// Requests

	public static final ErrorCode REQUEST_MALFORMED = new ErrorCode("request.malformed", 400,
			"The request body is not valid JSON or not of the expected shape; check it against the API docs.");

	public static final ErrorCode REQUEST_VALIDATION = new ErrorCode("request.validation", 400,
			"Some fields of the request are missing or invalid; fix the fields listed in errors.");

	public static final ErrorCode REQUEST_TOO_LARGE = new ErrorCode("request.too-large", 413,
			"The request body is larger than the platform accepts; send less at once.");

	public static final ErrorCode REQUEST_UNSUPPORTED_MEDIA_TYPE = new ErrorCode("request.unsupported-media-type", 415,
			"The Content-Type is not accepted here; send application/json (or multipart/form-data for uploads).");

	// Authentication and authorization

	public static final ErrorCode AUTH_UNAUTHORIZED = new ErrorCode("auth.unauthorized", 401,
			"Missing, expired or invalid credentials; log in again and send Authorization: Bearer <token>.");

	public static final ErrorCode AUTH_FORBIDDEN = new ErrorCode("auth.forbidden", 403,
			"You are signed in but may not do this; it needs another role or belongs to someone else.");

	// Resources

	public static final ErrorCode RESOURCE_NOT_FOUND = new ErrorCode("resource.not-found", 404,
			"Nothing exists under this id; check the id, or list the collection to find it.");

	public static final ErrorCode RESOURCE_CONFLICT = new ErrorCode("resource.conflict", 409,
			"The resource is not in a state that allows this, or it already exists; reload it and retry.");

	public static final ErrorCode APP_NAME_TAKEN = new ErrorCode("app.name-taken", 409,
			"Another developer owns an app of this name; choose another name in appConfig.json.");

	// App package validation (SPEC §3)

	public static final ErrorCode APP_ZIP_SLIP = new ErrorCode("app.validation.zip-slip", 422,
			"An entry escapes the archive (../, an absolute path or a symlink); remove it.");

	public static final ErrorCode APP_NOT_A_ZIP = new ErrorCode("app.validation.not-a-zip", 422,
			"The upload is not a zip archive; zip the app folder so appConfig.json is at its root.");

	public static final ErrorCode APP_TOO_MANY_ENTRIES = new ErrorCode("app.validation.too-many-entries", 422,
			"The archive has more than 10,000 entries; leave out dependencies the runtime can install.");

	public static final ErrorCode APP_TOO_LARGE = new ErrorCode("app.validation.too-large", 422,
			"The archive unpacks to more than 100 MB; leave out build output and dependencies.");

	public static final ErrorCode APP_COMPRESSION_RATIO = new ErrorCode("app.validation.compression-ratio", 422,
			"An entry compresses more than 100 to 1, which looks like a zip bomb; remove it.");

	public static final ErrorCode APP_MISSING_DESCRIPTOR = new ErrorCode("app.validation.missing-descriptor", 422,
			"appConfig.json at the root, or config.json in a service folder, is missing; add it.");

	public static final ErrorCode APP_MALFORMED_DESCRIPTOR = new ErrorCode("app.validation.malformed-descriptor", 422,
			"A descriptor is not valid JSON or breaks its schema; check it against the contract's schemas.");

	public static final ErrorCode APP_UNKNOWN_RUNTIME = new ErrorCode("app.validation.unknown-runtime", 422,
			"A service names a runtime the platform does not have; use python, java, node or command.");

	public static final ErrorCode APP_BAD_NAME = new ErrorCode("app.validation.bad-name", 422,
			"A name is out of pattern: apps [a-z][a-z0-9-]{1,38}, services [a-z][a-z0-9-]{0,30}.");

	public static final ErrorCode APP_SERVICE_MISMATCH = new ErrorCode("app.validation.service-mismatch", 422,
			"appConfig.json names a service with no folder under services/, or the reverse; make them agree.");

	public static final ErrorCode APP_UNKNOWN_SENSOR_TYPE = new ErrorCode("app.validation.unknown-sensor-type", 422,
			"appConfig.json asks for a sensor type the platform does not know; list types at /api/sensor-types.");

	// Sensors

	public static final ErrorCode SENSOR_INVALID_READING = new ErrorCode("sensor.invalid-reading", 422,
			"A reading does not match its sensor type (unknown field, wrong type, out of range); fix the device.");

	public static final ErrorCode SENSOR_UNKNOWN_TYPE = new ErrorCode("sensor.unknown-type", 422,
			"The sensor type does not exist; create it at /api/sensor-types first.");

	// Deployments (also carried by FAILED deployment-status events)

	public static final ErrorCode DEPLOYMENT_NO_NODE = new ErrorCode("deployment.no-node", 503,
			"No node has room or the runtime for an instance; free capacity or add a node, then retry.");

	public static final ErrorCode DEPLOYMENT_PLACEMENT_TIMEOUT = new ErrorCode("deployment.placement-timeout", 504,
			"node-manager did not answer where to place an instance in time; it will be retried.");

	public static final ErrorCode DEPLOYMENT_ARTIFACT_UNAVAILABLE = new ErrorCode("deployment.artifact-unavailable",
			503, "The app's archive could not be fetched from the blob store; it will be retried.");

	public static final ErrorCode DEPLOYMENT_START_FAILED = new ErrorCode("deployment.start-failed", 422,
			"An instance exited while starting; read its logs (GET /api/logs?app=...) and fix the service.");

	public static final ErrorCode DEPLOYMENT_HEALTH_TIMEOUT = new ErrorCode("deployment.health-timeout", 422,
			"An instance never answered its health check; make healthPath return 200 once it listens on $PORT.");

	public static final ErrorCode DEPLOYMENT_SENSORS_UNAVAILABLE = new ErrorCode("deployment.sensors-unavailable", 422,
			"Too few of the owner's sensors match the app's sensors (type, location, count), or an explicitly bound id is unknown or not yours; register sensors or change the request.");

	public static final ErrorCode DEPLOYMENT_SENSOR_BINDING_TIMEOUT = new ErrorCode("deployment.sensor-binding-timeout",
			504, "sensor-manager did not answer which sensors to bind in time; check that it runs and deploy again.");

	// Platform

	public static final ErrorCode RATE_LIMITED = new ErrorCode("rate.limited", 429,
			"Too many requests; wait for the time in Retry-After and send fewer.");

	public static final ErrorCode SERVICE_UNAVAILABLE = new ErrorCode("service.unavailable", 503,
			"A platform service is down or overloaded; retry shortly.");

	public static final ErrorCode SERVICE_TIMEOUT = new ErrorCode("service.timeout", 504,
			"A platform service did not answer in time; retry shortly.");

	public static final ErrorCode INTERNAL = new ErrorCode("internal", 500,
			"Something broke inside the platform; retry, and tell an admin the problem's instance id if it persists.");

	private static final List<ErrorCode> ALL = collect();

	private ErrorCodes() {
	}

	/** Every code declared above. */
	public static List<ErrorCode> all() {
		return ALL;
	}

	/** The code with this name, if there is one. */
	public static Optional<ErrorCode> byCode(String code) {
		return ALL.stream().filter((errorCode) -> errorCode.code().equals(code)).findFirst();
	}

	private static List<ErrorCode> collect() {
		return Arrays.stream(ErrorCodes.class.getDeclaredFields())
			.filter((field) -> field.getType() == ErrorCode.class && Modifier.isStatic(field.getModifiers())
					&& Modifier.isPublic(field.getModifiers()))
			.map(ErrorCodes::read)
			.toList();
	}

	private static ErrorCode read(Field field) {
		try {
			return (ErrorCode) field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
