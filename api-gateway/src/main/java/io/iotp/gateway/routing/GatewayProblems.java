package io.iotp.gateway.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.FieldError;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem responses written by the gateway itself, with the platform's error codes. */
public final class GatewayProblems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GatewayProblems() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
		return write(exchange, code, detail, List.of());
	}

	public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail,
			List<FieldError> errors) {
		byte[] problem = json(code, detail, exchange.getRequest().getPath().value(), errors);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setRawStatusCode(code.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(problem)));
	}

	/** The problem document itself, for writers below the web layer. */
	public static byte[] json(ErrorCode code, String detail, String instance, List<FieldError> errors) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:iotp:error:" + code.code());
		HttpStatus status = HttpStatus.resolve(code.status());
		problem.put("title", (status != null) ? status.getReasonPhrase() : "Error");
		problem.put("status", code.status());
		problem.put("detail", detail);
		problem.put("instance", instance);
		problem.put("code", code.code());
		problem.put("hint", code.hint());
		if (!errors.isEmpty()) {
			problem.put("errors", errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList());
		}
		return JSON.writeValueAsBytes(problem);
	}

	/** Whether the error or one of its causes is of the given type. */
	public static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
