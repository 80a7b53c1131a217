package io.iotp.starter.security;

import io.iotp.contracts.TopicNames;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A service whose JWK Set URL does not answer cannot check tokens: callers get a 503
 * problem they may retry, not a 500, and requests without a token are still plain 401s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityIT.SecuredService.class,
		properties = { "spring.application.name=keys-away-test", "iotp.platform.ship-logs=false",
				// port 9 (discard) on loopback: nothing listens there in any test
				// environment of ours
				"iotp.security.jwks-url=http://127.0.0.1:9/api/auth/jwks" })
@EmbeddedKafka(partitions = 1, topics = { TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class UnreachableKeysIT {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aTokenThatCannotBeCheckedIsA503ProblemNotA500() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/whoami"))
				.header("Authorization", "Bearer " + new TestTokens().developer("alice"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body()).contains("\"code\":\"service.unavailable\"").contains("signing keys");

		HttpResponse<String> anonymous = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/whoami")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

}
