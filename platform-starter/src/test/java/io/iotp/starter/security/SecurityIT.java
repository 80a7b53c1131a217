package io.iotp.starter.security;

import io.iotp.contracts.TopicNames;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet service with the starter verifies tokens itself: only the gateway's RS256
 * tokens of the platform's issuer pass, roles guard admin paths, refusals are problems
 * with a Bearer challenge.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityIT.SecuredService.class,
		properties = { "spring.application.name=security-test", "iotp.platform.ship-logs=false",
				"iotp.security.admin-paths=/admin/**", "iotp.security.public-paths=/open" })
@EmbeddedKafka(partitions = 1, topics = { TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = TestTokensInitializer.class)
class SecurityIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void noTokenIsA401ProblemWithABearerChallenge() throws Exception {
		HttpResponse<String> response = get("/whoami", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"code\":\"auth.unauthorized\"")
			.contains("\"status\":401")
			.contains("\"hint\"");
	}

	@Test
	void aValidTokenPassesAndCallersSeesItsUserAndRoles() throws Exception {
		HttpResponse<String> response = get("/whoami", this.tokens.developer("alice"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"username\":\"alice\"")
			.contains("\"roles\":[\"DEVELOPER\"]")
			.contains("\"admin\":false");

		HttpResponse<String> admin = get("/whoami", this.tokens.admin("root"));
		assertThat(admin.body()).contains("\"username\":\"root\"").contains("\"admin\":true");
	}

	@Test
	void expiredTamperedUnsignedForeignAndOtherIssuerTokensAre401() throws Exception {
		Map<String, String> bad = Map.of("expired", this.tokens.expired("alice", "DEVELOPER"), "tampered",
				this.tokens.tampered("alice"), "alg none", this.tokens.unsigned("alice", "ADMIN"), "other issuer",
				this.tokens.withIssuer("evil", "alice", "ADMIN"), "other key",
				this.tokens.signedByAnotherKey("alice", "ADMIN"), "garbage", "not.a.jwt");
		bad.forEach((kind, token) -> {
			HttpResponse<String> response = get("/whoami", token);
			assertThat(response.statusCode()).as(kind).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(kind)
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
			assertThat(response.body()).as(kind).contains("\"code\":\"auth.unauthorized\"");
		});
	}

	@Test
	void adminPathsRefuseDevelopersWithA403ProblemAndLetAdminsIn() throws Exception {
		HttpResponse<String> developer = get("/admin/things", this.tokens.developer("alice"));
		assertThat(developer.statusCode()).isEqualTo(403);
		assertThat(developer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(developer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertThat(developer.body()).contains("\"code\":\"auth.forbidden\"");

		assertThat(get("/admin/things", null).statusCode()).isEqualTo(401);

		HttpResponse<String> admin = get("/admin/things", this.tokens.admin("root"));
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo("things");
	}

	@Test
	void actuatorHealthAndConfiguredPublicPathsNeedNoToken() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isIn(200, 503);
		assertThat(get("/actuator/health/liveness", null).statusCode()).isNotIn(401, 403);
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
		HttpResponse<String> open = get("/open", null);
		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(open.body()).contains("\"username\":\"anonymous\"").contains("\"roles\":[]");
	}

	@Test
	void unknownPathsStayHiddenBehindAuthentication() throws Exception {
		assertThat(get("/no/such/path", null).statusCode()).isEqualTo(401);
		HttpResponse<String> missing = get("/no/such/path", this.tokens.developer("alice"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("\"code\":\"resource.not-found\"");
	}

	private HttpResponse<String> get(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootApplication
	@Import(SecuredEndpoints.class)
	static class SecuredService {

	}

	@RestController
	static class SecuredEndpoints {

		private final Callers callers;

		SecuredEndpoints(Callers callers) {
			this.callers = callers;
		}

		@GetMapping("/whoami")
		Map<String, Object> whoami() {
			Caller caller = this.callers.current();
			return Map.of("username", caller.username(), "roles", caller.roles(), "admin", caller.isAdmin());
		}

		@GetMapping("/open")
		Map<String, Object> open() {
			return whoami();
		}

		@GetMapping("/admin/things")
		String things() {
			return "things";
		}

	}

}
