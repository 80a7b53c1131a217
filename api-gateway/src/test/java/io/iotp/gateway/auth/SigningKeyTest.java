package io.iotp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing key is created once, private to its owner, and the same after a restart.
 */
class SigningKeyTest {

	@TempDir
	Path folder;

	@Test
	void aTokenIssuedBeforeARestartIsValidAfterIt() throws Exception {
		Path file = this.folder.resolve("gateway/jwt-signing-key.json");
		AuthProperties properties = new AuthProperties("iotp", Duration.ofHours(1), file, 5, Duration.ofMinutes(5), 20,
				100, 200, Duration.ofSeconds(2));
		Tokens before = new Tokens(SigningKey.loadOrCreate(file), properties, Clock.systemUTC());
		String token = before.issue("bob", List.of("DEVELOPER")).token();

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		SigningKey reloaded = SigningKey.loadOrCreate(file);
		Tokens after = new Tokens(reloaded, properties, Clock.systemUTC());
		assertThat(after.verify(token).username()).isEqualTo("bob");
		assertThat(reloaded.publicKeys().toString()).doesNotContain("\"d\"");
	}

}
