package io.iotp.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.netty.handler.codec.PrematureChannelClosureException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem responses written by the gateway itself, with the platform's error
 * codes.
 */
public final class GatewayProblems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GatewayProblems() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
		return write(exchange, code, detail, List.of());
	}

	public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail, List<FieldError> errors) {
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

	/**
	 * How a call to a target (a platform service or an app instance) failed when the
	 * target is to blame, and what the problem says. Every path that calls a target words
	 * its errors here, and the breakers count exactly these as a service's failures
	 * ({@link ServiceBreakers}); any other error is the gateway's own fault.
	 */
	public enum TargetFault {

		/** Nothing accepted the connection. */
		UNREACHABLE(ErrorCodes.SERVICE_UNAVAILABLE),

		/**
		 * The target closed or reset the connection before it answered (e.g. killed
		 * mid-request).
		 */
		HUNG_UP(ErrorCodes.SERVICE_UNAVAILABLE),

		/** The target did not start answering within the response timeout. */
		TOO_SLOW(ErrorCodes.SERVICE_TIMEOUT);

		private final ErrorCode code;

		TargetFault(ErrorCode code) {
			this.code = code;
		}

		/**
		 * The fault an error of a call shows, or {@code null} when the target is not to
		 * blame.
		 */
		public static @Nullable TargetFault of(Throwable ex) {
			// first: a refused connection is an IOException too
			if (causedBy(ex, ConnectException.class)) {
				return UNREACHABLE;
			}
			// Reactor Netty's PrematureCloseException is an IOException; Netty's own
			// codec may say it this way
			if (causedBy(ex, IOException.class) || causedBy(ex, PrematureChannelClosureException.class)) {
				return HUNG_UP;
			}
			// Spring Cloud Gateway's response timeout arrives as a 504 around its own
			// TimeoutException, which is
			// not java.util.concurrent's; the hot path's own timeout is
			// java.util.concurrent's
			if (causedBy(ex, TimeoutException.class)
					|| (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 504)) {
				return TOO_SLOW;
			}
			return null;
		}

		public ErrorCode code() {
			return this.code;
		}

		/**
		 * The problem's detail.
		 * @param what the target in words, e.g. "the logger service" or "the instance of
		 * app 'shop'"
		 * @param timeout the response timeout to name, or {@code null} to say "in time"
		 */
		public String detail(String what, @Nullable Duration timeout) {
			return switch (this) {
				case UNREACHABLE -> what + " is not reachable";
				case HUNG_UP -> what + " closed the connection before it answered";
				case TOO_SLOW -> what + " did not answer "
						+ ((timeout != null) ? "within " + timeout.toSeconds() + " s" : "in time");
			};
		}

	}

}
