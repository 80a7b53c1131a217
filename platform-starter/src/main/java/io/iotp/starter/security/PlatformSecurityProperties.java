package io.iotp.starter.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token verification of a servlet service.
 *
 * @param enabled whether requests need a token; {@code false} is a development switch
 * only (every request passes and the caller is anonymous without roles)
 * @param jwksUrl the gateway's JWK Set, fetched on the first token (services start before
 * the gateway)
 * @param issuer the {@code iss} every token must carry
 * @param publicPaths path patterns open without a token, besides actuator health, info
 * and prometheus
 * @param adminPaths path patterns that need role ADMIN
 * @param publicKeyLocation a PEM public key or JWK (Set) file used instead of
 * {@code jwksUrl} (the services nodes of a fleet, which hold the signing key; tests)
 */
@ConfigurationProperties("iotp.security")
public record PlatformSecurityProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("http://127.0.0.1:8080/api/auth/jwks") URI jwksUrl, @DefaultValue("iotp") String issuer,
		@DefaultValue List<String> publicPaths, @DefaultValue List<String> adminPaths,
		@Nullable Path publicKeyLocation) {

	/**
	 * Open on every service: they listen on 127.0.0.1 only, and the platform's probes
	 * carry no token.
	 */
	static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/info", "/actuator/prometheus");

}
