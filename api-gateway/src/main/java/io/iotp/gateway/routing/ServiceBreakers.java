package io.iotp.gateway.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * A circuit breaker in front of each platform service. Calls that find the service
 * unreachable, time out, or get 502/503/504 count as failures; once too many of the
 * latest calls failed, the breaker opens and callers get a 503 problem at once (with
 * {@code Retry-After}) instead of each waiting for the connect timeout. After a while a
 * few calls are let through to find out whether it is back.
 */
@Component
public class ServiceBreakers {

	private static final Logger log = LoggerFactory.getLogger(ServiceBreakers.class);

	private final CircuitBreakerRegistry registry;

	private final long retryAfterSeconds;

	private final Duration responseTimeout;

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
		this.responseTimeout = properties.responseTimeout();
	}

	/** The breaker state of a service, e.g. {@code CLOSED} or {@code OPEN}. */
	public String state(String service) {
		return this.registry.circuitBreaker(service).getState().name();
	}

	/**
	 * The breaker of a service, for a path to it that is not one of the gateway's routes.
	 */
	CircuitBreaker breaker(String service) {
		return this.registry.circuitBreaker(service);
	}

	/** What a refusal of an open breaker answers in {@code Retry-After}. */
	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * Tells a breaker how a call that got an answer went: 502, 503 and 504 say the
	 * service is in trouble, any other status that it is fine.
	 * @param started when the call started ({@link System#nanoTime()})
	 */
	static void record(CircuitBreaker breaker, int status, long started) {
		long took = System.nanoTime() - started;
		if (status == 502 || status == 503 || status == 504) {
			breaker.onError(took, TimeUnit.NANOSECONDS,
					new IllegalStateException(breaker.getName() + " answered " + status));
		}
		else {
			breaker.onSuccess(took, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Tells a breaker how a call that ended in an error went: an error that shows the
	 * service unreachable, hung up or too slow ({@link GatewayProblems.TargetFault}) is a
	 * failure; any other one says nothing about the service, so the call just gives its
	 * permission back.
	 * @param started when the call started ({@link System#nanoTime()})
	 */
	static void record(CircuitBreaker breaker, Throwable ex, long started) {
		if (GatewayProblems.TargetFault.of(ex) != null) {
			breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
		}
		else {
			breaker.releasePermission();
		}
	}

	GatewayFilter guard(String service) {
		CircuitBreaker breaker = this.registry.circuitBreaker(service);
		breaker.getEventPublisher()
			.onStateTransition((event) -> log.warn("circuit breaker of {}: {}", service, event.getStateTransition()));
		return (exchange, chain) -> {
			if (!breaker.tryAcquirePermission()) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
				return Mono.error(new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "the " + service
						+ " service is failing; the gateway stops calling it for a few seconds, try again then"));
			}
			long start = System.nanoTime();
			return chain.filter(exchange).doOnSuccess((done) -> {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				// no status set means the default, 200
				record(breaker, (status != null) ? status.value() : HttpStatus.OK.value(), start);
			}).onErrorMap((ex) -> {
				record(breaker, ex, start);
				GatewayProblems.TargetFault fault = GatewayProblems.TargetFault.of(ex);
				if (fault == null) {
					return ex;
				}
				return new PlatformException(fault.code(),
						fault.detail("the " + service + " service", this.responseTimeout));
			}).doOnCancel(breaker::releasePermission);
		};
	}

}
