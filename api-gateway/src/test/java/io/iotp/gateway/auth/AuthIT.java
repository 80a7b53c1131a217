package io.iotp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.gateway.TestInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity through the running gateway: the embedded directory, MongoDB wire protocol for
 * revocations, real Kafka for app registrations, an HTTP stand-in for app-controller.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=api-gateway", "iotp.auth.login-lockout=3s",
				"iotp.auth.login-attempts-per-address=100000", "iotp.auth.revocation-refresh=500ms" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@DirtiesContext // its directory and store stop with the class; a cached context would go
				// on calling them
class AuthIT {

	private static final TestInfra INFRA = TestInfra.start();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "correct-horse-battery";

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		INFRA.register(registry);
	}

	@AfterAll
	static void stop() {
		INFRA.close();
	}

	@LocalServerPort
	int port;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void registerThenLoginThenAnAuthorisedCallThroughARoute() throws Exception {
		HttpResponse<String> registered = post("/api/auth/register",
				"{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\",\"email\":\"bob@example.org\"}", null);
		assertThat(registered.statusCode()).isEqualTo(201);
		assertThat(json(registered).get("roles").toString()).isEqualTo("[\"DEVELOPER\"]");
		assertThat(post("/api/auth/register",
				"{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\",\"email\":\"bob@example.org\"}", null)
			.body()).contains("resource.conflict");

		String token = login("bob", PASSWORD);
		HttpResponse<String> routed = get("/api/apps?mine=true", token);
		assertThat(routed.statusCode()).isEqualTo(200);
		assertThat(routed.body()).isEqualTo("app-controller /api/apps?mine=true auth=Bearer " + token);
		assertThat(json(get("/api/auth/me", token)).get("username").stringValue()).isEqualTo("bob");
		assertThat(get("/api/apps", null).statusCode()).isEqualTo(401);
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
		register("wendy");
		HttpResponse<String> wrong = post("/api/auth/login", "{\"username\":\"wendy\",\"password\":\"nope-nope-nope\"}",
				null);
		HttpResponse<String> unknown = post("/api/auth/login",
				"{\"username\":\"nobody-here\",\"password\":\"nope-nope-nope\"}", null);
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).isEqualTo(unknown.body()).contains("wrong username or password");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab*", "ab(c", "ab)c", "ab\\\\c", "ab\\u0000c", "ab,c", "ab=c", "ab+c", "\\u0430dmin",
			"ad\\u200bmin", "\\u202eadmin", "Admin", "*" })
	void usernamesWithDirectorySyntaxOrUnicodeTricksAreRefused(String username) throws Exception {
		int before = INFRA.ldap.countEntriesBelow(TestInfra.PEOPLE);
		HttpResponse<String> response = post("/api/auth/register",
				"{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"email\":\"x@example.org\"}",
				null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(INFRA.ldap.countEntriesBelow(TestInfra.PEOPLE)).isEqualTo(before);
		// login is case-insensitive like the directory, so "Admin" is the admin there
		assertThat(post("/api/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + TestInfra.ADMIN_PASSWORD + "\"}", null)
			.statusCode()).isIn(username.equals("Admin") ? List.of(200) : List.of(400, 401));
	}

	@Test
	void theNameThatOwnsThePlatformsOwnSensorTypesCannotBeRegistered() throws Exception {
		int before = INFRA.ldap.countEntriesBelow(TestInfra.PEOPLE);
		HttpResponse<String> response = post("/api/auth/register",
				"{\"username\":\"platform\",\"password\":\"" + PASSWORD + "\",\"email\":\"x@example.org\"}", null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("/username").contains("'platform' is reserved");
		assertThat(INFRA.ldap.countEntriesBelow(TestInfra.PEOPLE)).isEqualTo(before);
	}

	@Test
	void expiredTamperedUnsignedForeignWrongIssuerAndRevokedTokensAre401() throws Exception {
		register("tess");
		String token = login("tess", PASSWORD);
		assertThat(get("/api/auth/me", token).statusCode()).isEqualTo(200);
		RSAKey key = RSAKey.parse(Files.readString(INFRA.keyFile()));

		String expired = sign(key, "iotp", Instant.now().minus(Duration.ofHours(2)));
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		String[] parts = token.split("\\.");
		String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
		String foreign = sign(new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate(), "iotp",
				Instant.now().plusSeconds(600));
		String wrongIssuer = sign(key, "someone-else", Instant.now().plusSeconds(600));
		String forgedClaims = parts[0] + "."
				+ b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
					.replace("\"DEVELOPER\"", "\"ADMIN\""))
				+ "." + parts[2];
		assertThat(get("/api/auth/me", sign(key, "iotp", Instant.now().plusSeconds(600))).statusCode()).isEqualTo(200);
		for (String bad : List.of(expired, tampered, unsigned, foreign, wrongIssuer, forgedClaims, "garbage", "")) {
			HttpResponse<String> response = get("/api/auth/me", bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(401);
			assertThat(response.body()).contains("auth.unauthorized");
		}

		assertThat(post("/api/auth/logout", "", token).statusCode()).isEqualTo(204);
		assertThat(get("/api/auth/me", token).statusCode()).isEqualTo(401);
		assertThat(get("/api/apps", token).statusCode()).isEqualTo(401);
		assertThat(post("/api/auth/refresh", "", token).statusCode()).isEqualTo(401);
	}

	@Test
	void refreshWorksUntilTheUserIsRemovedFromTheDirectory() throws Exception {
		register("rita");
		String token = login("rita", PASSWORD);
		HttpResponse<String> refreshed = post("/api/auth/refresh", "", token);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		String second = json(refreshed).get("token").stringValue();
		assertThat(get("/api/auth/me", second).statusCode()).isEqualTo(200);

		String dn = "uid=rita," + TestInfra.PEOPLE;
		INFRA.ldap.modify("cn=DEVELOPER," + TestInfra.GROUPS, new Modification(ModificationType.DELETE, "member", dn));
		INFRA.ldap.delete(dn);
		HttpResponse<String> refused = post("/api/auth/refresh", "", second);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void usersAreForAdminsAndRoleChangesApplyAtTheNextLogin() throws Exception {
		register("dave");
		String developer = login("dave", PASSWORD);
		assertThat(get("/api/users", developer).statusCode()).isEqualTo(403);
		assertThat(get("/api/users", null).statusCode()).isEqualTo(401);
		String admin = login("admin", TestInfra.ADMIN_PASSWORD);
		HttpResponse<String> users = get("/api/users", admin);
		assertThat(users.statusCode()).isEqualTo(200);
		assertThat(users.body()).contains("\"username\":\"dave\"").contains("\"email\":\"dave@example.org\"");

		assertThat(put("/api/users/admin/roles", "{\"roles\":[\"DEVELOPER\"]}", admin).statusCode()).isEqualTo(409);
		assertThat(put("/api/users/dave/roles", "{\"roles\":[\"ROOT\"]}", admin).statusCode()).isEqualTo(400);
		HttpResponse<String> promoted = put("/api/users/dave/roles", "{\"roles\":[\"ADMIN\",\"DEVELOPER\"]}", admin);
		assertThat(promoted.statusCode()).isEqualTo(200);
		assertThat(get("/api/users", developer).statusCode()).isEqualTo(403);
		String promotedToken = login("dave", PASSWORD);
		assertThat(get("/api/users", promotedToken).statusCode()).isEqualTo(200);

		register("gone");
		assertThat(delete("/api/users/gone", admin).statusCode()).isEqualTo(204);
		assertThat(
				post("/api/auth/login", "{\"username\":\"gone\",\"password\":\"" + PASSWORD + "\"}", null).statusCode())
			.isEqualTo(401);
		assertThat(delete("/api/users/gone", admin).statusCode()).isEqualTo(404);
		assertThat(INFRA.ldap.search(TestInfra.GROUPS, SearchScope.SUB, "(member=uid=gone," + TestInfra.PEOPLE + ")")
			.getEntryCount()).isZero();
	}

	@Test
	void repeatedWrongPasswordsLockTheUsernameOutForAWhile() throws Exception {
		register("lucy");
		String wrong = "{\"username\":\"lucy\",\"password\":\"wrong-password-x\"}";
		for (int i = 0; i < 4; i++) {
			assertThat(post("/api/auth/login", wrong, null).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> fifth = post("/api/auth/login", wrong, null);
		assertThat(fifth.statusCode()).isEqualTo(429);
		assertThat(fifth.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(fifth.body()).contains("rate.limited");
		String right = "{\"username\":\"lucy\",\"password\":\"" + PASSWORD + "\"}";
		assertThat(post("/api/auth/login", right, null).statusCode()).isEqualTo(429);
		await().atMost(Duration.ofSeconds(10)).until(() -> post("/api/auth/login", right, null).statusCode() == 200);
	}

	@Test
	void aUserCreatedDirectlyInTheDirectoryCanLogIn() throws Exception {
		String dn = "uid=ldapuser," + TestInfra.PEOPLE;
		INFRA.ldap.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: ldapuser", "cn: L", "sn: U",
				"userPassword: from-another-tool-1");
		INFRA.ldap.modify("cn=DEVELOPER," + TestInfra.GROUPS, new Modification(ModificationType.ADD, "member", dn));
		HttpResponse<String> response = post("/api/auth/login",
				"{\"username\":\"ldapuser\",\"password\":\"from-another-tool-1\"}", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("roles").toString()).isEqualTo("[\"DEVELOPER\"]");
		assertThat(json(response).get("expiresAt").stringValue()).isNotBlank();
	}

	@Test
	void aPlatformAppNeedsATokenWhileAPublicOneDoesNot() throws Exception {
		HttpServer instance = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		instance.createContext("/", exchange -> {
			exchange.sendResponseHeaders(200, 2);
			exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
			exchange.close();
		});
		instance.start();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka), new StringSerializer(),
				new ByteArraySerializer())) {
			String url = "http://127.0.0.1:" + instance.getAddress().getPort();
			for (String app : List.of("open", "closed")) {
				producer.send(new ProducerRecord<>(TopicNames.REGISTER_SERVICE, app,
						new EnvelopeCodec().encode(Envelope.of("test", null,
								new ServiceRegistered(AppId.of(app), "web", InstanceId.of("i-" + app),
										DeploymentId.random(), NodeId.of("n-1"), url, "/health", true,
										app.equals("open") ? AppAccess.PUBLIC : AppAccess.PLATFORM)))))
					.get();
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/open/", null).statusCode() == 200);
			await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/closed/", null).statusCode() == 401);
			assertThat(get("/apps/closed/x", null).body()).contains("auth.unauthorized");
			assertThat(get("/apps/closed/", login("admin", TestInfra.ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
		}
		finally {
			instance.stop(0);
		}
	}

	@Test
	void theDocsAndTheKeysArePublic() throws Exception {
		HttpResponse<String> docs = get("/api/docs", null);
		assertThat(docs.statusCode()).isEqualTo(200);
		JsonNode document = json(docs);
		assertThat(document.get("openapi").stringValue()).startsWith("3.1");
		assertThat(document.get("paths").has("/api/auth/login")).isTrue();
		HttpResponse<String> jwks = get("/api/auth/jwks", null);
		assertThat(jwks.statusCode()).isEqualTo(200);
		JsonNode key = json(jwks).get("keys").get(0);
		assertThat(key.get("kty").stringValue()).isEqualTo("RSA");
		assertThat(key.has("d")).isFalse();
	}

	@Test
	void theHealthEndpointIsPublic() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isIn(200, 503);
	}

	static Stream<Arguments> badRequests() {
		String big = "x".repeat(70 * 1024);
		String valid = "{\"username\":\"someone\",\"password\":\"" + PASSWORD + "\",\"email\":\"s@example.org\"}";
		return Stream.of(
				// path, method, content type, body, extra header size, with token
				Arguments.of("/api/auth/register", "POST", "application/json", "{\"username\":\"" + big + "\"}", 0,
						false),
				Arguments.of("/api/auth/register", "POST", "text/plain", valid, 0, false),
				Arguments.of("/api/auth/register", "POST", "application/xml", "<a/>", 0, false),
				Arguments.of("/api/auth/register", "POST", null, valid, 0, false),
				Arguments.of("/api/auth/register", "POST", "garbage/", valid, 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", "{\"username\":", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", "", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", "[]", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", "null", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", "{}", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid.replace("}", ",\"admin\":true}"),
						0, false),
				Arguments.of("/api/auth/register", "POST", "application/json",
						"{\"username\":1,\"password\":[],\"email\":{}}", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid + valid, 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json",
						"{\"username\":\"a\",\"username\":\"b\"}", 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json",
						valid.replace("someone", "s" + "o".repeat(300)), 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid.replace(PASSWORD, "short"), 0,
						false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid.replace(PASSWORD, "xxsomeonexxyy"),
						0, false),
				Arguments.of("/api/auth/register", "POST", "application/json",
						valid.replace("s@example.org", "not-an-email"), 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json",
						valid.replace("someone", "s\\u0000meone"), 0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid.replace("someone", "s\u0000meone"),
						0, false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid.replace("someone", "ѕomeone"), 0,
						false),
				Arguments.of("/api/auth/register", "POST", "application/json", valid, 20 * 1024, false),
				Arguments.of("/api/auth/register", "GET", null, null, 0, false),
				Arguments.of("/api/auth/login", "POST", "application/json", "{\"username\":\"admin\"}", 0, false),
				Arguments.of("/api/auth/login", "POST", "application/json",
						"{\"username\":\"admin\",\"password\":true}", 0, false),
				Arguments.of("/api/auth/login", "POST", "application/json",
						"{\"username\":\"" + "a".repeat(5000) + "\",\"password\":\"p\"}", 0, false),
				Arguments.of("/api/auth/login", "POST", "application/x-www-form-urlencoded",
						"username=admin&password=x", 0, false),
				Arguments.of("/api/auth/login", "POST", "application/json",
						"{\"username\":\"admin\",\"password\":\"\"}", 0, false),
				Arguments.of("/api/auth/login", "POST", "application/json", "\u00ff\u00fe{", 0, false),
				Arguments.of("/api/auth/refresh", "POST", "application/json", "{}", 0, false),
				Arguments.of("/api/auth/refresh", "POST", null, null, 20 * 1024, true),
				Arguments.of("/api/users", "GET", null, null, 0, false),
				Arguments.of("/api/users/a*b", "DELETE", null, null, 0, true),
				Arguments.of("/api/users/admin/roles", "PUT", "application/json", "{\"roles\":\"ADMIN\"}", 0, true),
				Arguments.of("/api/users/admin/roles", "PUT", "text/plain", "ADMIN", 0, true),
				Arguments.of("/api/users/nobody-at-all/roles", "PUT", "application/json", "{\"roles\":[\"DEVELOPER\"]}",
						0, true),
				Arguments.of("/api/apps", "GET", null, null, 0, false),
				Arguments.of("/api/apps", "GET", null, null, 20 * 1024, true),
				// over Netty's own limit
				Arguments.of("/api/apps", "GET", null, null, 70 * 1024, false),
				Arguments.of("/api/auth/login", "POST", "application/json", "{}", 70 * 1024, false),
				// request line over 4 KB
				Arguments.of("/api/apps/" + "a".repeat(9000), "GET", null, null, 0, false),
				Arguments.of("/api/contracts/../users", "GET", null, null, 0, false),
				Arguments.of("/api/contracts/%2e%2e/users", "GET", null, null, 0, false),
				Arguments.of("/api/nosuchthing", "GET", null, null, 0, true));
	}

	@ParameterizedTest(name = "[{index}] {1} {0} {2}")
	@MethodSource("badRequests")
	void badRequestsAreProblemsNeverServerErrors(String path, String method, String contentType, String body,
			int headerBytes, boolean withToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			// a request that never gets an answer fails the test instead of stalling the
			// build
			.timeout(java.time.Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (headerBytes > 0) {
			request.header("X-Padding", "p".repeat(headerBytes));
		}
		if (withToken) {
			request.header("Authorization", "Bearer " + login("admin", TestInfra.ADMIN_PASSWORD));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).has("code")).as(response.body()).isTrue();
	}

	private void register(String username) throws Exception {
		assertThat(post("/api/auth/register", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD
				+ "\",\"email\":\"" + username + "@example.org\"}", null)
			.statusCode()).isEqualTo(201);
	}

	private String login(String username, String password) throws Exception {
		HttpResponse<String> response = post("/api/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("token").stringValue();
	}

	private static String sign(RSAKey key, String issuer, Instant expires) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.subject("tess")
					.claim("roles", List.of("ADMIN"))
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(expires.minus(Duration.ofHours(1))))
					.expirationTime(Date.from(expires))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static String b64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return send("GET", path, null, token);
	}

	private HttpResponse<String> post(String path, String body, String token) throws Exception {
		return send("POST", path, body, token);
	}

	private HttpResponse<String> put(String path, String body, String token) throws Exception {
		return send("PUT", path, body, token);
	}

	private HttpResponse<String> delete(String path, String token) throws Exception {
		return send("DELETE", path, null, token);
	}

	private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			// a request that never gets an answer fails the test instead of stalling the
			// build
			.timeout(java.time.Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null && !body.isEmpty()) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.net.http.HttpTimeoutException ex) {
			// Twice a request here got no answer in CI: leave the evidence needed to find
			// out why.
			System.err.println("no answer to " + method + " " + path + " within 30 s; threads of this JVM:");
			for (java.lang.management.ThreadInfo thread : java.lang.management.ManagementFactory.getThreadMXBean()
				.dumpAllThreads(true, true)) {
				System.err.println("\"" + thread.getThreadName() + "\" " + thread.getThreadState()
						+ ((thread.getLockName() != null) ? " on " + thread.getLockName() : ""));
				for (StackTraceElement frame : thread.getStackTrace()) {
					System.err.println("\tat " + frame);
				}
			}
			throw ex;
		}
	}

}
