package io.iotp.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.routing.GatewayProblems.TargetFault;
import reactor.netty.http.client.PrematureCloseException;

/**
 * What counts against a service's breaker, and how the failure of a call is worded, on
 * both paths alike.
 */
class ServiceBreakersTest {

	private final CircuitBreaker breaker = CircuitBreaker.of("logger",
			CircuitBreakerConfig.custom().slidingWindowSize(20).minimumNumberOfCalls(20).build());

	@Test
	void onlyBadGatewayUnavailableAndTimeoutAnswersAreFailures() {
		for (int status : new int[] { 200, 404, 500, 502, 503, 504 }) {
			ServiceBreakers.record(this.breaker, status, System.nanoTime());
		}
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(3);
	}

	@Test
	void errorsOfTheServiceAreFailuresAndOthersCountForNothing() {
		// Spring Cloud Gateway's response timeout: a 504 around a TimeoutException that
		// is not java.util.concurrent's
		ResponseStatusException gatewayTimeout = new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "late",
				new org.springframework.cloud.gateway.support.TimeoutException("late"));
		for (Throwable ex : new Throwable[] { new ConnectException("refused"), PrematureCloseException.TEST_EXCEPTION,
				new ClosedChannelException(), new TimeoutException("late"), gatewayTimeout }) {
			ServiceBreakers.record(this.breaker, ex, System.nanoTime());
		}
		ServiceBreakers.record(this.breaker, new IllegalStateException("the gateway's own bug"), System.nanoTime());
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(5);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
	}

	@Test
	void faultsAreWordedWithTheTargetAndTheTimeoutIfNamed() {
		TargetFault refused = TargetFault.of(new IllegalStateException(new ConnectException("refused")));
		assertThat(refused).isEqualTo(TargetFault.UNREACHABLE);
		assertThat(refused.code()).isEqualTo(ErrorCodes.SERVICE_UNAVAILABLE);
		assertThat(refused.detail("the logger service", null)).isEqualTo("the logger service is not reachable");
		assertThat(TargetFault.HUNG_UP.detail("the instance of app 'shop'", null))
			.isEqualTo("the instance of app 'shop' closed the connection before it answered");
		assertThat(TargetFault.TOO_SLOW.code()).isEqualTo(ErrorCodes.SERVICE_TIMEOUT);
		assertThat(TargetFault.TOO_SLOW.detail("the logger service", Duration.ofSeconds(30)))
			.isEqualTo("the logger service did not answer within 30 s");
		assertThat(TargetFault.TOO_SLOW.detail("the service", null)).isEqualTo("the service did not answer in time");
	}

}
