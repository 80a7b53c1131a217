package io.iotp.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tokens and the limits around them.
 *
 * @param issuer the {@code iss} claim written and required
 * @param tokenLifetime how long a token is valid after login or refresh
 * @param keyFile the RSA signing key as a JWK JSON file, created (mode 600) on first
 * start
 * @param loginMaxFailures consecutive wrong passwords for one username before it is
 * locked out
 * @param loginLockout how long a locked-out username gets 429, even with the right
 * password
 * @param loginAttemptsPerAddress login attempts per client address per minute
 * @param apiCallsPerSecond API calls per token per second (token bucket refill rate)
 * @param apiBurst API calls a token may make at once (token bucket size)
 * @param revocationRefresh how often revocations of other replicas are read and expired
 * ones swept
 */
@ConfigurationProperties("iotp.auth")
public record AuthProperties(@DefaultValue("iotp") String issuer, @DefaultValue("1h") Duration tokenLifetime,
		Path keyFile, @DefaultValue("5") int loginMaxFailures, @DefaultValue("5m") Duration loginLockout,
		@DefaultValue("20") int loginAttemptsPerAddress, @DefaultValue("100") int apiCallsPerSecond,
		@DefaultValue("200") int apiBurst, @DefaultValue("2s") Duration revocationRefresh) {
}
