package io.iotp.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.iotp.contracts.errors.ErrorCode;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem responses written by the gateway itself, with the platform's error codes. */
public final class GatewayProblems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GatewayProblems() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:iotp:error:" + code.code());
		problem.put("title", HttpStatus.valueOf(code.status()).getReasonPhrase());
		problem.put("status", code.status());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		problem.put("code", code.code());
		problem.put("hint", code.hint());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.valueOf(code.status()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(JSON.writeValueAsBytes(problem))));
	}

}
