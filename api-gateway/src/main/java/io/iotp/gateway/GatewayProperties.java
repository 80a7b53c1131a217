package io.iotp.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway treats the traffic it forwards.
 *
 * @param accessLog which requests get an access log line (with their correlation id)
 * @param responseTimeout how long a platform service may take to start answering before
 * the caller gets 504
 * @param circuitBreaker when the gateway stops calling a failing platform service for a
 * while
 * @param replicaFreshFor how long after its last heartbeat a platform service replica
 * still takes calls while others are heard from
 */
@ConfigurationProperties("iotp.gateway")
public record GatewayProperties(@DefaultValue("api") AccessLog accessLog, @DefaultValue("30s") Duration responseTimeout,
		@DefaultValue CircuitBreaker circuitBreaker, @DefaultValue("3s") Duration replicaFreshFor) {

	/**
	 * Which requests are logged: API calls only by default, since app traffic can be
	 * heavy.
	 */
	public enum AccessLog {

		NONE, API, ALL;

		public boolean covers(String path) {
			return this == ALL || (this == API && path.startsWith("/api/"));
		}

	}

	/**
	 * A breaker per platform service route.
	 *
	 * @param failureRatePercent the share of failed calls (unreachable, timed out,
	 * 502/503/504) that opens it
	 * @param minimumCalls how many calls it needs to have seen before it judges the rate
	 * @param windowSize over how many of the latest calls the rate is taken
	 * @param openFor how long it refuses calls before it lets a few through to try again
	 */
	public record CircuitBreaker(@DefaultValue("50") int failureRatePercent, @DefaultValue("4") int minimumCalls,
			@DefaultValue("20") int windowSize, @DefaultValue("5s") Duration openFor) {
	}

}
