package io.iotp.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.gateway.auth.RateLimitedException;
import io.iotp.gateway.routing.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Renders every error that reaches the web layer as a problem: platform exceptions with
 * their code, framework status exceptions by status, unreachable services as 503 and
 * timeouts as 504. Only real faults are 500. Ahead of Boot's own handler, which would
 * answer in its own format. A browser that asked for a page nobody serves gets the UI's
 * own "page not found" instead, still with 404.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

	/**
	 * Not in the platform's list, which has no 405; only the gateway's own endpoints
	 * answer it.
	 */
	static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("request.method-not-allowed", 405,
			"This path does not take this HTTP method; check the API docs at /api/docs.");

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private final UiNotFoundPage notFoundPage;

	ProblemExceptionHandler(UiNotFoundPage notFoundPage) {
		this.notFoundPage = notFoundPage;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof RateLimitedException limited) {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
		}
		if (ex instanceof PlatformException platform) {
			if (!platform.errorCode().clientError()) {
				log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
						platform.getMessage());
			}
			return GatewayProblems.write(exchange, platform.errorCode(), platform.detail(), platform.errors());
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 404
				&& this.notFoundPage.takes(exchange.getRequest())) {
			return this.notFoundPage.write(exchange);
		}
		if (ex instanceof ResponseStatusException status) {
			return GatewayProblems.write(exchange, byStatus(status.getStatusCode().value()),
					(status.getReason() != null) ? status.getReason() : status.getStatusCode().toString());
		}
		if (ex instanceof DataBufferLimitException) {
			return GatewayProblems.write(exchange, ErrorCodes.REQUEST_TOO_LARGE, "the body is too large");
		}
		GatewayProblems.TargetFault fault = GatewayProblems.TargetFault.of(ex);
		if (fault != null) {
			return GatewayProblems.write(exchange, fault.code(), fault.detail("the service", null));
		}
		log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return GatewayProblems.write(exchange, ErrorCodes.INTERNAL, "the gateway failed on this request");
	}

	private static ErrorCode byStatus(int status) {
		return switch (status) {
			case 401 -> ErrorCodes.AUTH_UNAUTHORIZED;
			case 403 -> ErrorCodes.AUTH_FORBIDDEN;
			case 404 -> ErrorCodes.RESOURCE_NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 409 -> ErrorCodes.RESOURCE_CONFLICT;
			case 413 -> ErrorCodes.REQUEST_TOO_LARGE;
			case 415 -> ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ErrorCodes.RATE_LIMITED;
			case 503 -> ErrorCodes.SERVICE_UNAVAILABLE;
			case 504 -> ErrorCodes.SERVICE_TIMEOUT;
			default -> (status < 500) ? ErrorCodes.REQUEST_MALFORMED : ErrorCodes.INTERNAL;
		};
	}

}
