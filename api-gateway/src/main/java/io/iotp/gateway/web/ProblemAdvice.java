package io.iotp.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Errors the dispatcher renders itself (no handler for a path, wrong method) would come
 * out as Spring's plain problem body without the platform's {@code code}; this sends them
 * through {@link ProblemExceptionHandler} as well.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

	private final ProblemExceptionHandler problems;

	ProblemAdvice(ProblemExceptionHandler problems) {
		this.problems = problems;
	}

	@ExceptionHandler(Exception.class)
	Mono<Void> handle(ServerWebExchange exchange, Exception ex) {
		return this.problems.handle(exchange, ex);
	}

}
