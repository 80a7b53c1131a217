package io.iotp.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The gateway's RSA signing key, kept as a JWK file (mode 600) so tokens stay valid
 * across restarts and all replicas sharing the data folder sign alike. Created on first
 * start.
 */
public final class SigningKey {

	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	private final RSAKey key;

	private SigningKey(RSAKey key) {
		this.key = key;
	}

	/** Reads the key from the file, or generates one and writes it there first. */
	public static SigningKey loadOrCreate(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				return new SigningKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
			}
			RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
			Path folder = file.toAbsolutePath().getParent();
			Files.createDirectories(folder);
			Path temp = folder.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
			Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
			try {
				// Not REPLACE_EXISTING: when two replicas start at once, the first key
				// written wins.
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException raced) {
				Files.deleteIfExists(temp);
				return new SigningKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
			}
			log.info("generated the token signing key {} into {}", key.getKeyID(), file);
			return new SigningKey(key);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the signing key " + file, ex);
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("the signing key " + file + " is not an RSA JWK", ex);
		}
	}

	RSAKey privateKey() {
		return this.key;
	}

	/** The public half only, as served at the JWKS endpoint. */
	public JWKSet publicKeys() {
		return new JWKSet(this.key.toPublicJWK());
	}

}
