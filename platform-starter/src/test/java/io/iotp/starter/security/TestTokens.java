package io.iotp.starter.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens for tests, minted exactly as the gateway mints them (RS256, header {@code kid},
 * claims {@code iss}, {@code sub}, {@code roles}, {@code jti}, {@code iat}, {@code exp}),
 * with a fresh key pair whose public half lies in {@link #publicKeyFile()} for
 * {@code iotp.security.public-key-location}. Also mints the bad tokens negative tests
 * need. A Spring test gets one per context through {@link TestTokensInitializer}.
 */
public final class TestTokens {

	/** The issuer the platform's services expect. */
	public static final String ISSUER = "iotp";

	private static final Duration LIFETIME = Duration.ofHours(1);

	private final KeyPair keys;

	private final KeyPair otherKeys;

	private final String keyId = "test-" + UUID.randomUUID();

	private final Path publicKeyFile;

	public TestTokens() {
		this.keys = rsa();
		this.otherKeys = rsa();
		this.publicKeyFile = writePem((RSAPublicKey) this.keys.getPublic());
	}

	/** PEM file of the public key, for {@code iotp.security.public-key-location}. */
	public Path publicKeyFile() {
		return this.publicKeyFile;
	}

	/** {@code iotp.security.public-key-location=<file>}, for a test's properties. */
	public String publicKeyLocationProperty() {
		return "iotp.security.public-key-location=" + this.publicKeyFile;
	}

	public RSAPublicKey publicKey() {
		return (RSAPublicKey) this.keys.getPublic();
	}

	/**
	 * The public key as a JWK Set, as the gateway serves it at {@code /api/auth/jwks}.
	 */
	public String jwkSet() {
		return new JWKSet(new RSAKey.Builder(publicKey()).keyID(this.keyId).build()).toString();
	}

	/** A valid token of {@code username} with {@code roles}, good for an hour. */
	public String token(String username, String... roles) {
		return sign(claims(ISSUER, username, Instant.now(), LIFETIME, roles), this.keys);
	}

	public String admin(String username) {
		return token(username, "ADMIN", "DEVELOPER");
	}

	public String developer(String username) {
		return token(username, "DEVELOPER");
	}

	/** Expired ten minutes ago, well beyond the decoder's clock skew. */
	public String expired(String username, String... roles) {
		return sign(
				claims(ISSUER, username, Instant.now().minus(LIFETIME).minus(Duration.ofMinutes(10)), LIFETIME, roles),
				this.keys);
	}

	/** Valid in every way but the issuer. */
	public String withIssuer(String issuer, String username, String... roles) {
		return sign(claims(issuer, username, Instant.now(), LIFETIME, roles), this.keys);
	}

	/** Well-formed, RS256, but signed by a key the platform does not know. */
	public String signedByAnotherKey(String username, String... roles) {
		return sign(claims(ISSUER, username, Instant.now(), LIFETIME, roles), this.otherKeys);
	}

	/** {@code alg: none}, no signature. */
	public String unsigned(String username, String... roles) {
		return new PlainJWT(claims(ISSUER, username, Instant.now(), LIFETIME, roles)).serialize();
	}

	/**
	 * A valid developer token whose payload was swapped for one claiming ADMIN, signature
	 * kept.
	 */
	public String tampered(String username) {
		String[] parts = developer(username).split("\\.");
		String forged = claims(ISSUER, username, Instant.now(), LIFETIME, "ADMIN", "DEVELOPER").toString();
		parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
		return String.join(".", parts);
	}

	private static JWTClaimsSet claims(String issuer, String username, Instant issuedAt, Duration lifetime,
			String... roles) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(username)
			.claim("roles", List.of(roles))
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(lifetime)))
			.build();
	}

	private String sign(JWTClaimsSet claims, KeyPair with) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.keyId).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) with.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePem(RSAPublicKey key) {
		try {
			Path file = Files.createTempFile("iotp-test-key-", ".pem");
			file.toFile().deleteOnExit();
			String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(key.getEncoded());
			Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
