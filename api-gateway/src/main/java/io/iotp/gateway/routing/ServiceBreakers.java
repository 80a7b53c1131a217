package io.iotp.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.gateway.GatewayProperties;
import reactor.core.publisher.Mono;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * A circuit breaker in front of each platform service. Calls that find the service unreachable, time
 * out, or get 502/503/504 count as failures; once too many of the latest calls failed, the breaker
 * opens and callers get a 503 problem at once (with {@code Retry-After}) instead of each waiting for
 * the connect timeout. After a while a few calls are let through to find out whether it is back.
 */
@Component
public class ServiceBreakers {

	private static final Logger log = LoggerFactory.getLogger(ServiceBreakers.class);

	private final CircuitBreakerRegistry registry;

	private final long retryAfterSeconds;

	private final long responseTimeoutSeconds;

	ServiceBreakers(GatewayProperties properties) {
		GatewayProperties.CircuitBreaker settings = properties.circuitBreaker();
		this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.windowSize())
			.minimumNumberOfCalls(settings.minimumCalls())
			.failureRateThreshold(settings.failureRatePercent())
			.waitDurationInOpenState(settings.openFor())
			.permittedNumberOfCallsInHalfOpenState(2)
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.build());
		this.retryAfterSeconds = Math.max(1, settings.openFor().toSeconds());
		this.responseTimeoutSeconds = properties.responseTimeout().toSeconds();
	}

	/** The breaker state of a service, e.g. {@code CLOSED} or {@code OPEN}. */
	public String state(String service) {
		return this.registry.circuitBreaker(service).getState().name();
	}

	/** The breaker of a service, for a path to it that is not one of the gateway's routes. */
	CircuitBreaker breaker(String service) {
		return this.registry.circuitBreaker(service);
	}

	/** What a refusal of an open breaker answers in {@code Retry-After}. */
	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/** Whether an error of a call says the service is in trouble: unreachable, hung up or too slow. */
	static boolean countsAsFailure(Throwable ex) {
		return GatewayProblems.causedBy(ex, ConnectException.class)
				|| GatewayProblems.causedBy(ex, PrematureCloseException.class)
				|| GatewayProblems.causedBy(ex, IOException.class) || GatewayProblems.causedBy(ex, TimeoutException.class)
				|| GatewayProblems.causedBy(ex, ReadTimeoutException.class);
	}

	GatewayFilter guard(String service) {
		CircuitBreaker breaker = this.registry.circuitBreaker(service);
		breaker.getEventPublisher()
			.onStateTransition((event) -> log.warn("circuit breaker of {}: {}", service,
					event.getStateTransition()));
		return (exchange, chain) -> {
			if (!breaker.tryAcquirePermission()) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
				return Mono.error(new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "the " + service
						+ " service is failing; the gateway stops calling it for a few seconds, try again then"));
			}
			long start = System.nanoTime();
			return chain.filter(exchange).doOnSuccess((done) -> {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				if (status != null && (status.value() == 502 || status.value() == 503 || status.value() == 504)) {
					breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
							new IllegalStateException(service + " answered " + status.value()));
				}
				else {
					breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
			}).onErrorMap((ex) -> {
				PlatformException failure = failure(service, ex);
				if (failure != null) {
					breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
					return failure;
				}
				breaker.releasePermission();
				return ex;
			}).doOnCancel(breaker::releasePermission);
		};
	}

	private @Nullable PlatformException failure(String service, Throwable ex) {
		if (GatewayProblems.causedBy(ex, ConnectException.class)) {
			return new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "the " + service + " service is not reachable");
		}
		if (GatewayProblems.causedBy(ex, PrematureCloseException.class)
				|| GatewayProblems.causedBy(ex, IOException.class)) {
			// closed or reset by the service (e.g. killed mid-request): its answer is lost, not the gateway's fault
			return new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"the " + service + " service closed the connection before it answered");
		}
		if (GatewayProblems.causedBy(ex, TimeoutException.class)
				|| (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 504)) {
			return new PlatformException(ErrorCodes.SERVICE_TIMEOUT,
					"the " + service + " service did not answer within " + this.responseTimeoutSeconds + " s");
		}
		return null;
	}

}
