package io.iotp.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class TokenDecodersTest {

	private final TestTokens tokens = new TestTokens();

	@Test
	void theJwkSetIsFetchedOnTheFirstTokenNotAtStartup() throws IOException {
		HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicInteger fetches = new AtomicInteger();
		gateway.createContext("/api/auth/jwks", (exchange) -> {
			fetches.incrementAndGet();
			byte[] body = this.tokens.jwkSet().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		gateway.start();
		try {
			URI jwks = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/api/auth/jwks");
			JwtDecoder decoder = TokenDecoders.of(properties(jwks, null));
			assertThat(fetches).hasValue(0);

			Jwt jwt = decoder.decode(this.tokens.admin("root"));
			assertThat(jwt.getSubject()).isEqualTo("root");
			assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN", "DEVELOPER");
			assertThat(fetches).hasValue(1);
			assertThatThrownBy(() -> decoder.decode(this.tokens.signedByAnotherKey("root", "ADMIN")))
				.isInstanceOf(JwtException.class);
			assertThatThrownBy(() -> decoder.decode(this.tokens.unsigned("root", "ADMIN")))
				.isInstanceOf(JwtException.class);
		}
		finally {
			gateway.stop(0);
		}
	}

	@Test
	void aKeyFileMayHoldAJwkSetInsteadOfPem(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("jwks.json"), this.tokens.jwkSet());
		JwtDecoder decoder = TokenDecoders.of(properties(URI.create("http://127.0.0.1:1/unused"), file));
		assertThat(decoder.decode(this.tokens.developer("alice")).getSubject()).isEqualTo("alice");
		assertThatThrownBy(() -> decoder.decode(this.tokens.expired("alice", "DEVELOPER")))
			.isInstanceOf(JwtException.class);
		assertThatThrownBy(() -> decoder.decode(this.tokens.withIssuer("elsewhere", "alice", "DEVELOPER")))
			.isInstanceOf(JwtException.class);
	}

	@Test
	void aKeyFileWithoutAKeyFailsStartupWithItsName(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("key.pem"), "not a key");
		assertThatThrownBy(() -> TokenDecoders.of(properties(URI.create("http://127.0.0.1:1/unused"), file)))
			.hasMessageContaining("key.pem");
	}

	private static PlatformSecurityProperties properties(URI jwks, Path keyFile) {
		return new PlatformSecurityProperties(true, jwks, "iotp", List.of(), List.of(), keyFile);
	}

}
