package io.iotp.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads small JSON request bodies strictly: JSON content type (else 415), at most
 * {@link #MAX_BYTES} (else 413), one JSON object without duplicate keys (else 400), only
 * the expected fields, each a string where one is expected (else 400 listing every
 * offending field).
 */
final class JsonBodies {

	static final int MAX_BYTES = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private JsonBodies() {
	}

	static Mono<JsonNode> read(ServerRequest request, Set<String> required) {
		MediaType type;
		try {
			type = request.headers().contentType().orElse(null);
		}
		catch (InvalidMediaTypeException ex) {
			type = null;
		}
		if (type == null
				|| !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
			return Mono.error(new PlatformException(ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE,
					"send the body as application/json"));
		}
		if (request.headers().contentLength().orElse(0) > MAX_BYTES) {
			return tooLarge();
		}
		return DataBufferUtils.join(request.exchange().getRequest().getBody(), MAX_BYTES)
			.onErrorResume(DataBufferLimitException.class, ex -> tooLarge())
			.map(JsonBodies::bytes)
			.switchIfEmpty(Mono.error(() -> new PlatformException(ErrorCodes.REQUEST_MALFORMED, "the body is empty")))
			.map(bytes -> parse(bytes, required));
	}

	private static <T> Mono<T> tooLarge() {
		return Mono.error(new PlatformException(ErrorCodes.REQUEST_TOO_LARGE,
				"the body is larger than " + MAX_BYTES / 1024 + " KB"));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static JsonNode parse(byte[] bytes, Set<String> fields) {
		JsonNode node;
		try {
			node = JSON.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED,
					"the body is not valid JSON: " + ex.getOriginalMessage().lines().findFirst().orElse("unreadable"));
		}
		if (node == null || !node.isObject()) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED, "the body must be one JSON object");
		}
		List<FieldError> errors = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			if (!fields.contains(property.getKey())) {
				errors.add(new FieldError("/" + pointer(property.getKey()), "unknown field"));
			}
		}
		for (String field : fields) {
			JsonNode value = node.get(field);
			if (value == null || value.isNull()) {
				errors.add(new FieldError("/" + field, "is required"));
			}
			else if (field.equals("roles") ? !value.isArray() : !value.isString()) {
				errors.add(new FieldError("/" + field, "must be a " + (field.equals("roles") ? "list" : "string")));
			}
		}
		if (!errors.isEmpty()) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "the body has invalid fields", errors);
		}
		return node;
	}

	private static String pointer(String key) {
		String cut = (key.length() > 64) ? key.substring(0, 64) + "…" : key;
		return cut.replace("~", "~0").replace("/", "~1");
	}

}
