package io.iotp.gateway.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Issues and checks the platform's tokens: RS256 JWTs with {@code iss}, {@code sub},
 * {@code roles}, {@code jti}, {@code iat}, {@code exp}. Only RS256 with the gateway's own
 * key passes, so unsigned ({@code alg: none}), HMAC-confused and foreign-key tokens are
 * all refused.
 */
@Component
public class Tokens {

	private final SigningKey key;

	private final AuthProperties properties;

	private final Clock clock;

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	/**
	 * Tokens already verified, until they expire. An RSA signature check costs far more
	 * than proxying a request; a token's signature and claims cannot change, so each is
	 * checked once (revocation is checked on every request, separately). Bounded: cleared
	 * when full.
	 */
	private final Map<String, Principal> verified = new ConcurrentHashMap<>();

	private static final int MAX_VERIFIED = 10_000;

	Tokens(SigningKey key, AuthProperties properties, Clock clock) {
		this.key = key;
		this.properties = properties;
		this.clock = clock;
		this.processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(key.publicKeys())));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
				new JWTClaimsSet.Builder().issuer(properties.issuer()).build(), Set.of("sub", "exp", "iat", "jti"));
		claims.setMaxClockSkew(5);
		this.processor.setJWTClaimsSetVerifier(claims);
	}

	/** A valid token's holder. */
	public record Principal(String username, List<String> roles, String jti, Instant expiresAt) {

		public boolean admin() {
			return this.roles.contains("ADMIN");
		}

	}

	/** A token as handed out at login and refresh. */
	public record Issued(String token, Instant expiresAt, List<String> roles) {
	}

	public Issued issue(String username, List<String> roles) {
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.tokenLifetime());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.properties.issuer())
			.subject(username)
			.claim("roles", roles)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expires))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
			.keyID(this.key.privateKey().getKeyID())
			.build(), claims);
		try {
			jwt.sign(new RSASSASigner(this.key.privateKey()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign a token", ex);
		}
		return new Issued(jwt.serialize(), expires, roles);
	}

	/** The holder of a valid token; {@link InvalidTokenException} says why it is not. */
	public Principal verify(String token) {
		Principal known = this.verified.get(token);
		if (known != null) {
			if (known.expiresAt().isAfter(this.clock.instant())) {
				return known;
			}
			this.verified.remove(token);
		}
		Principal principal = verifySignatureAndClaims(token);
		if (this.verified.size() >= MAX_VERIFIED) {
			this.verified.clear();
		}
		this.verified.put(token, principal);
		return principal;
	}

	private Principal verifySignatureAndClaims(String token) {
		try {
			JWTClaimsSet claims = this.processor.process(token, null);
			List<String> roles = claims.getStringListClaim("roles");
			return new Principal(claims.getSubject(), (roles != null) ? List.copyOf(roles) : List.of(),
					claims.getJWTID(), claims.getExpirationTime().toInstant());
		}
		catch (ParseException | BadJOSEException | JOSEException | RuntimeException ex) {
			throw new InvalidTokenException(ex.getMessage());
		}
	}

	/** Why a token is refused, for the log; the caller only learns that it is. */
	public static final class InvalidTokenException extends RuntimeException {

		InvalidTokenException(String reason) {
			super(reason);
		}

	}

}
