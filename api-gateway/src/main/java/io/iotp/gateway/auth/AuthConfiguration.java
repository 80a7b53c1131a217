package io.iotp.gateway.auth;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.starter.ratelimit.TokenBuckets;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	@Bean
	SigningKey signingKey(AuthProperties properties) {
		return SigningKey.loadOrCreate(properties.keyFile());
	}

	/** API calls per token ({@code jti}), in the memory of this replica. */
	@Bean
	TokenBuckets apiCallBuckets(AuthProperties properties, Clock clock) {
		return new TokenBuckets(properties.apiCallsPerSecond(), properties.apiBurst(),
				() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
