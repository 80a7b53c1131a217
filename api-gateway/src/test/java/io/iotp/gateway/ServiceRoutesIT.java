package io.iotp.gateway;

import io.iotp.contracts.TopicNames;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * The gateway in front of platform services that answer, fail, or are not there at all:
 * sensors reach their endpoints with their key and no token, every request carries a
 * correlation id to the service and back, and a failing service is cut off by its circuit
 * breaker with a fast 503 problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=api-gateway", "iotp.gateway.circuit-breaker.open-for=60s",
				"iotp.gateway.access-log=all" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@DirtiesContext // its stand-ins stop with the class; a cached context would go on calling
				// them
class ServiceRoutesIT {

	private static final TestInfra INFRA = TestInfra.start();

	/**
	 * Answers 202 with what it was sent: path, sensor key, Authorization, correlation id
	 * and the X-Forwarded-For only the hot path sets (the API routes pass no forwarding
	 * headers).
	 */
	private static final HttpServer SENSOR_MANAGER = server((exchange) -> 202,
			(exchange) -> "sensor-manager " + exchange.getRequestURI().getRawPath() + " key="
					+ exchange.getRequestHeaders().getFirst("X-Sensor-Key") + " auth="
					+ exchange.getRequestHeaders().getFirst("Authorization") + " corr="
					+ exchange.getRequestHeaders().getFirst("X-Correlation-Id") + " via="
					+ exchange.getRequestHeaders().getFirst("X-Forwarded-For"));

	private static final AtomicInteger MONITORING_CALLS = new AtomicInteger();

	/** Always answers 503, as a service that is up but broken would. */
	private static final HttpServer MONITORING = server((exchange) -> {
		MONITORING_CALLS.incrementAndGet();
		return 503;
	}, (exchange) -> "broken");

	private static final int NOTHING_LISTENS = freePort();

	/**
	 * Takes each request and closes the connection without a word, as a service killed
	 * mid-request.
	 */
	private static final HttpServer HANGS_UP = hangingUp();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		INFRA.register(registry);
		registry.add("iotp.services.sensor-manager", () -> "http://127.0.0.1:" + SENSOR_MANAGER.getAddress().getPort());
		registry.add("iotp.services.monitoring", () -> "http://127.0.0.1:" + MONITORING.getAddress().getPort());
		registry.add("iotp.services.logger", () -> "http://127.0.0.1:" + NOTHING_LISTENS);
		registry.add("iotp.services.node-manager", () -> "http://127.0.0.1:" + HANGS_UP.getAddress().getPort());
	}

	@AfterAll
	static void stopServices() {
		SENSOR_MANAGER.stop(0);
		MONITORING.stop(0);
		HANGS_UP.stop(0);
		INFRA.close();
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void sensorsReachTheirOwnEndpointsWithTheirKeyAndNoToken() throws Exception {
		for (String[] call : new String[][] { { "POST", "/api/sensors/s-1/data" },
				{ "POST", "/api/sensors/data:batch" }, { "GET", "/api/sensors/s-1/commands/pending" },
				{ "POST", "/api/sensors/s-1/commands/c-9/ack" } }) {
			HttpResponse<String> response = send(call[0], call[1], "key-1", null, null);
			assertThat(response.statusCode()).as(call[1]).isEqualTo(202);
			assertThat(response.body()).as(call[1]).startsWith("sensor-manager " + call[1] + " key=key-1 auth=null");
			// readings take the gateway's hot path (HotPathHandler), the device's other
			// calls its API route
			assertThat(response.body()).as(call[1])
				.endsWith(call[1].endsWith("/data") || call[1].endsWith(":batch") ? " via=127.0.0.1" : " via=null");
		}
	}

	@Test
	void aSensorKeyOpensNothingElseAndATokenIsStillChecked() throws Exception {
		// history is for people
		assertUnauthorized(send("GET", "/api/sensors/s-1/data", "key-1", null, null));
		// so is registering sensors
		assertUnauthorized(send("POST", "/api/sensors", "key-1", null, null));
		assertUnauthorized(send("GET", "/api/sensors/s-1/commands/pending/x", "key-1", null, null));
		// neither key nor token
		assertUnauthorized(send("POST", "/api/sensors/s-1/data", null, null, null));
		assertUnauthorized(send("POST", "/api/sensors/s-1/data", "key-1", "not-a-token", null));
	}

	@Test
	void appsReachTheirSensorCallsWithTheirAppTokenWhichSensorManagerChecksAndNothingElse() throws Exception {
		String appToken = "iotp_app_d-1_" + "x".repeat(43);
		for (String[] call : new String[][] { { "GET", "/api/sensors" }, { "GET", "/api/sensors/s-1" },
				{ "GET", "/api/sensors/s-1/data" }, { "GET", "/api/sensors/s-1/data/latest" },
				{ "POST", "/api/sensors/s-1/commands" }, { "GET", "/api/sensors/s-1/commands/c-9" } }) {
			HttpResponse<String> response = send(call[0], call[1], null, appToken, null);
			assertThat(response.statusCode()).as(call[1]).isEqualTo(202);
			assertThat(response.body()).as(call[1])
				.startsWith("sensor-manager " + call[1] + " key=null auth=Bearer " + appToken);
		}
		for (String[] call : new String[][] { { "GET", "/api/apps" }, { "POST", "/api/sensors" },
				{ "DELETE", "/api/sensors/s-1" }, { "POST", "/api/sensors/s-1/key" }, { "GET", "/api/sensor-types" },
				{ "GET", "/api/sensors/s-1/commands/pending" }, { "POST", "/api/sensors/s-1/data" } }) {
			HttpResponse<String> response = send(call[0], call[1], null, appToken, null);
			assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("auth.forbidden").doesNotContain("sensor-manager");
		}
	}

	@Test
	void everyRequestCarriesACorrelationIdToTheServiceAndBack() throws Exception {
		HttpResponse<String> offered = send("POST", "/api/sensors/s-1/data", "key-1", null, "device-42.run-7");
		assertThat(offered.headers().firstValue("X-Correlation-Id")).hasValue("device-42.run-7");
		assertThat(offered.body()).contains(" corr=device-42.run-7 ");

		HttpResponse<String> fresh = send("POST", "/api/sensors/s-1/data", "key-1", null, null);
		String id = fresh.headers().firstValue("X-Correlation-Id").orElseThrow();
		assertThat(id).matches("c-[0-9a-f]{16}");
		assertThat(fresh.body()).contains(" corr=" + id + " ");

		HttpResponse<String> unusable = send("POST", "/api/sensors/s-1/data", "key-1", null, "x".repeat(65));
		assertThat(unusable.headers().firstValue("X-Correlation-Id"))
			.hasValueSatisfying((replaced) -> assertThat(replaced).matches("c-[0-9a-f]{16}"));

		HttpResponse<String> refused = send("GET", "/api/apps", null, null, "caller-1");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("X-Correlation-Id")).hasValue("caller-1");
	}

	@Test
	void anUnreachableServiceIsA503ProblemAndItsBreakerThenAnswersAtOnce() throws Exception {
		String token = TestInfra.adminToken(this.port);
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = send("GET", "/api/logs", null, token, null);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"service.unavailable\"")
				.contains("the logger service is not reachable");
		}
		HttpResponse<String> open = send("GET", "/api/logs", null, token, null);
		assertThat(open.statusCode()).isEqualTo(503);
		assertThat(open.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(open.body()).contains("\"code\":\"service.unavailable\"")
			.contains("the logger service is failing; the gateway stops calling it");

		// one breaker per service: the others are still called
		assertThat(send("POST", "/api/sensors/s-1/data", "key-1", null, null).statusCode()).isEqualTo(202);
	}

	@Test
	void aServiceThatKeepsAnswering503IsNoLongerCalledOnceItsBreakerOpens() throws Exception {
		String token = TestInfra.adminToken(this.port);
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = send("GET", "/api/monitoring/health", null, token, null);
			assertThat(response.statusCode()).isEqualTo(503);
			// the service's own answer, passed on
			assertThat(response.body()).isEqualTo("broken");
		}
		int calls = MONITORING_CALLS.get();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = send("GET", "/api/monitoring/health", null, token, null);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.body()).contains("the monitoring service is failing");
		}
		assertThat(MONITORING_CALLS.get()).isEqualTo(calls);
	}

	@Test
	void aServiceThatHangsUpMidRequestIsA503ProblemNotA500() throws Exception {
		HttpResponse<String> response = send("GET", "/api/nodes", null, TestInfra.adminToken(this.port), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"service.unavailable\"")
			.contains("closed the connection before it answered");
	}

	/**
	 * Reactor Netty #4361: a request sent right after the previous answer could hang on a
	 * kept-alive connection.
	 */
	@Test
	void backToBackRequestsOnOneKeptAliveConnectionAllGetAnswers() throws Exception {
		for (int i = 0; i < 150; i++) {
			assertThat(send("POST", "/api/sensors/s-1/data", "key-1", null, null).statusCode()).isEqualTo(202);
			assertThat(send("GET", "/api/auth/jwks", null, null, null).statusCode()).isEqualTo(200);
			assertThat(send("GET", "/api/apps", null, null, null).statusCode()).isEqualTo(401);
		}
	}

	private static void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("sensor-manager");
	}

	private HttpResponse<String> send(String method, String path, @Nullable String sensorKey, @Nullable String token,
			@Nullable String correlationId) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(java.time.Duration.ofSeconds(10))
			.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"values\":{\"t\":1}}")
					: HttpRequest.BodyPublishers.noBody());
		if (method.equals("POST")) {
			request.header("Content-Type", "application/json");
		}
		if (sensorKey != null) {
			request.header("X-Sensor-Key", sensorKey);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (correlationId != null) {
			request.header("X-Correlation-Id", correlationId);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	interface Answer<T> {

		T of(com.sun.net.httpserver.HttpExchange exchange);

	}

	private static HttpServer server(Answer<Integer> status, Answer<String> body) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				byte[] bytes = body.of(exchange).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status.of(exchange), bytes.length);
				exchange.getResponseBody().write(bytes);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer hangingUp() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				exchange.close(); // no status line, no headers: the connection just ends
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
