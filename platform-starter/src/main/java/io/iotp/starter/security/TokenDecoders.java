package io.iotp.starter.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the decoder for the gateway's tokens: RS256 only (so {@code alg: none} and HMAC
 * tricks are refused), the platform's issuer, and an expiry required.
 */
final class TokenDecoders {

	private TokenDecoders() {
	}

	static JwtDecoder of(PlatformSecurityProperties properties) {
		Path keyFile = properties.publicKeyLocation();
		NimbusJwtDecoder decoder = (keyFile != null)
				? NimbusJwtDecoder.withPublicKey(readPublicKey(keyFile))
					.signatureAlgorithm(SignatureAlgorithm.RS256)
					.build()
				// Nimbus fetches the set on the first token and again for an unknown kid,
				// so the gateway may
				// start after this service and rotate keys.
				: NimbusJwtDecoder.withJwkSetUri(properties.jwksUrl().toString())
					.jwsAlgorithm(SignatureAlgorithm.RS256)
					.build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
						new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull)));
		return decoder;
	}

	/** A PEM {@code PUBLIC KEY}, or a JWK / JWK Set with one RSA key. */
	static RSAPublicKey readPublicKey(Path file) {
		try {
			String text = Files.readString(file).strip();
			if (text.startsWith("{")) {
				return jwk(text).toRSAPublicKey();
			}
			String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read iotp.security.public-key-location " + file, ex);
		}
		catch (GeneralSecurityException | ParseException | JOSEException | IllegalArgumentException
				| ClassCastException ex) {
			throw new IllegalStateException("iotp.security.public-key-location " + file
					+ " holds no RSA public key (PEM 'PUBLIC KEY', JWK or JWK Set)", ex);
		}
	}

	private static RSAKey jwk(String json) throws ParseException {
		JWK key = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys().getFirst() : JWK.parse(json);
		return key.toRSAKey();
	}

}
