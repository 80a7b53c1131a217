package io.iotp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;

/**
 * The gateway in front of real HTTP servers standing in for app instances and for
 * app-controller, with registrations arriving over a real Kafka broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=api-gateway",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=3s" })
@DirtiesContext // its stand-ins stop with the class; a cached context would go on calling
				// them
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
class AppRoutingIT {

	/** What Chromium and Firefox send when they load a page. */
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final TestInfra INFRA = TestInfra.start();

	/**
	 * A request the gateway never answers fails its test instead of stalling the build.
	 */
	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		INFRA.register(registry);
		registry.add("iotp.services.sensor-manager", () -> "http://127.0.0.1:" + NOTHING_LISTENS);
	}

	/** Where sensor-manager would be: readings find nobody there. */
	private static final int NOTHING_LISTENS = freePort();

	@AfterAll
	static void stopServices() {
		INFRA.close();
	}

	@LocalServerPort
	int port;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<HttpServer> instances = new ArrayList<>();

	private KafkaProducer<String, byte[]> producer;

	@BeforeEach
	void connect() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach(server -> server.stop(0));
		this.producer.close();
	}

	@Test
	void theAppLinkReachesTheEntryServiceRoundRobinWithThePrefixStripped() throws Exception {
		DeploymentId deployment = DeploymentId.random();
		register("shop", "web", "i-a", deployment, true);
		register("shop", "web", "i-b", deployment, true);
		register("shop", "admin", "i-c", deployment, false);

		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/shop/").statusCode() == 200);
		Set<String> answered = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = get("/apps/shop/");
			assertThat(response.statusCode()).isEqualTo(200);
			answered.add(response.body().split(" ")[0]);
		}
		assertThat(answered).containsExactlyInAnyOrder("i-a", "i-b");

		HttpResponse<String> deep = get("/apps/shop/api/items?color=red%20blue");
		assertThat(deep.body()).endsWith(" /api/items?color=red%20blue prefix=/apps/shop");

		HttpResponse<String> admin = get("/apps/shop/admin/settings");
		assertThat(admin.body()).isEqualTo("i-c /settings prefix=/apps/shop/admin");
	}

	@Test
	void unknownAppsAre404AndAppsWithoutHealthyInstances503AsProblems() throws Exception {
		HttpResponse<String> unknown = get("/apps/nosuchapp/");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unknown.body()).contains("\"code\":\"resource.not-found\"").contains("nosuchapp");

		DeploymentId deployment = DeploymentId.random();
		register("fading", "web", "i-f", deployment, true);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/fading/").statusCode() == 200);
		send(new ServiceDeregistered(AppId.of("fading"), "web", InstanceId.of("i-f"), deployment, "stopped"));

		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/fading/").statusCode() == 503);
		HttpResponse<String> gone = get("/apps/fading/");
		assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(gone.body()).contains("\"code\":\"service.unavailable\"").contains("fading/web");

		// a browser gets the same status with a page that says why in words
		HttpResponse<String> unknownPage = get("/apps/nosuchapp/", BROWSER_ACCEPT, null);
		assertThat(unknownPage.statusCode()).isEqualTo(404);
		assertThat(unknownPage.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(unknownPage.body()).contains("<h1>No app here</h1>")
			.contains("No app &#39;nosuchapp&#39; is deployed here")
			.contains("<a href=\"/\">Open the console</a>");
		HttpResponse<String> gonePage = get("/apps/fading/", BROWSER_ACCEPT, null);
		assertThat(gonePage.statusCode()).isEqualTo(503);
		assertThat(gonePage.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(gonePage.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(gonePage.body()).contains("<h1>This app cannot answer right now</h1>")
			.contains("No healthy instance of fading/web right now");
		// an API client asking for JSON, or anything, keeps the problem
		assertThat(get("/apps/fading/", "application/json", null).headers().firstValue("Content-Type"))
			.hasValue("application/problem+json");
		assertThat(get("/apps/fading/", "*/*", null).headers().firstValue("Content-Type"))
			.hasValue("application/problem+json");
	}

	@Test
	void aBrowserLoadingAPageNobodyServesGetsTheConsolesPageNotFoundStill404() throws Exception {
		for (String path : List.of("/settings", "/dashboard", "/nonexistent/deeper")) {
			HttpResponse<String> page = get(path, BROWSER_ACCEPT, null);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.headers().firstValue("Content-Type")).as(path).hasValue("text/html");
			assertThat(page.body()).as(path).contains("<div id=\"root\">");
		}
		// the API, and callers not asking for HTML, keep the problem document
		for (String[] call : new String[][] { { "/api/nosuch", BROWSER_ACCEPT }, { "/settings", "application/json" },
				{ "/settings", "*/*" }, { "/actuator/nosuch", BROWSER_ACCEPT } }) {
			HttpResponse<String> problem = get(call[0], call[1], null);
			assertThat(problem.statusCode()).as(call[0] + " " + call[1]).isIn(401, 404);
			assertThat(problem.headers().firstValue("Content-Type")).as(call[0] + " " + call[1])
				.hasValue("application/problem+json");
		}
	}

	@Test
	void theAppLinkWithoutItsSlashRedirectsAndTheApiGoesToItsService() throws Exception {
		register("slashy", "web", "i-s", DeploymentId.random(), true);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/slashy/").statusCode() == 200);

		HttpResponse<String> bare = get("/apps/slashy");
		assertThat(bare.statusCode()).isEqualTo(308);
		assertThat(bare.headers().firstValue("Location")).hasValue("/apps/slashy/");

		assertThat(get("/api/apps?mine=true").statusCode()).isEqualTo(401);
		String token = TestInfra.adminToken(this.port);
		HttpResponse<String> api = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/apps?mine=true"))
				.header("Authorization", "Bearer " + token)
				.timeout(ANSWER_WITHIN)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(api.statusCode()).isEqualTo(200);
		assertThat(api.body()).startsWith("app-controller /api/apps?mine=true auth=Bearer " + token);
	}

	@Test
	void theProxyPassesBodiesAndHeadersButOnlyItsOwnForwardingHeaders() throws Exception {
		register("echo", "web", "i-e", DeploymentId.random(), true);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/echo/").statusCode() == 200);
		String payload = "reading;".repeat(40_000); // 320 KB: several chunks each way

		HttpResponse<String> echoed = this.http.send(HttpRequest.newBuilder(URI.create(link("/apps/echo/echo")))
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Prefix", "/evil")
			.header("X-Correlation-Id", "my-trace-1")
			.header("X-Custom", "kept")
			.header("Authorization", "Basic YXBwOnNlY3JldA==")
			.POST(HttpRequest.BodyPublishers.ofString(payload))
			.timeout(ANSWER_WITHIN)
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(echoed.statusCode()).isEqualTo(201);
		assertThat(echoed.headers().firstValue("X-Echo")).hasValue("yes");
		assertThat(echoed.headers().firstValue("X-Correlation-Id")).hasValue("my-trace-1");
		assertThat(echoed.body()).startsWith("POST /echo\n")
			.contains("\nx-forwarded-for=127.0.0.1\n")
			.contains("\nx-forwarded-prefix=/apps/echo\n")
			.contains("\nx-correlation-id=my-trace-1\n")
			.contains("\nx-custom=kept\n")
			// a public app's own scheme goes through
			.contains("\nauthorization=Basic YXBwOnNlY3JldA==\n")
			.endsWith("\nbody=" + payload);
	}

	@Test
	void aPlatformAppGetsTheUserButNeverTheirToken() throws Exception {
		register("inside", "web", "i-p", DeploymentId.random(), true, AppAccess.PLATFORM);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/inside/").statusCode() == 401);
		HttpResponse<String> anonymous = get("/apps/inside/echo");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"iotp\"");
		assertThat(anonymous.body()).contains("\"code\":\"auth.unauthorized\"");
		assertThat(get("/apps/inside", "Bearer not-a-token").statusCode()).isEqualTo(401);

		String token = TestInfra.adminToken(this.port);
		assertThat(get("/apps/inside", "Bearer " + token).statusCode()).isEqualTo(308);
		HttpResponse<String> signedIn = get("/apps/inside/echo", "Bearer " + token);
		assertThat(signedIn.statusCode()).isEqualTo(201);
		assertThat(signedIn.body()).contains("\nx-forwarded-user=admin\n").doesNotContain("authorization=");
	}

	@Test
	void aRequestAnInstanceRefusesGoesToAnotherInstanceAndPostsWithBodiesToo() throws Exception {
		DeploymentId deployment = DeploymentId.random();
		register("sturdy", "web", "i-live", deployment, true);
		HttpServer live = this.instances.getLast();
		HttpServer killed = server("i-killed", 0);
		this.instances.add(killed);
		send(new ServiceRegistered(AppId.of("sturdy"), "web", InstanceId.of("i-killed"), deployment, NodeId.of("n-2"),
				"http://127.0.0.1:" + killed.getAddress().getPort(), "/health", true, AppAccess.PUBLIC));
		Set<String> answeredBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			answeredBy.add(get("/apps/sturdy/").body().split(" ")[0]);
			assertThat(answeredBy).containsExactlyInAnyOrder("i-live", "i-killed");
		});

		// killed with its node: still registered, and it refuses connections
		killed.stop(0);
		for (int call = 0; call < 10; call++) {
			HttpResponse<String> answer = get("/apps/sturdy/page-" + call);
			assertThat(answer.statusCode()).as("call %d: %s", call, answer.body()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo("i-live /page-" + call + " prefix=/apps/sturdy");
			HttpResponse<String> posted = this.http.send(HttpRequest.newBuilder(URI.create(link("/apps/sturdy/echo")))
				.POST(HttpRequest.BodyPublishers.ofString("reading " + call))
				.timeout(ANSWER_WITHIN)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
			assertThat(posted.body()).endsWith("body=reading " + call)
				.contains("\nhost=127.0.0.1:" + live.getAddress().getPort() + "\n");
		}
	}

	@Test
	void anInstanceThatIsGoneAndOversizedHeadersAreProblems() throws Exception {
		HttpServer gone = server("i-g", 0);
		String url = "http://127.0.0.1:" + gone.getAddress().getPort();
		gone.stop(0);
		send(new ServiceRegistered(AppId.of("ghost"), "web", InstanceId.of("i-g"), DeploymentId.random(),
				NodeId.of("n-1"), url, "/health", true, AppAccess.PUBLIC));
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/ghost/").statusCode() != 404);
		HttpResponse<String> unreachable = get("/apps/ghost/");
		assertThat(unreachable.statusCode()).isEqualTo(503);
		assertThat(unreachable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unreachable.body()).contains("\"code\":\"service.unavailable\"").contains("ghost");

		HttpResponse<String> oversized = this.http.send(HttpRequest.newBuilder(URI.create(link("/apps/ghost/")))
			.header("X-Big", "x".repeat(20_000))
			.timeout(ANSWER_WITHIN)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(oversized.statusCode()).isEqualTo(413);
		assertThat(oversized.body()).contains("\"code\":\"request.too-large\"");
	}

	@Test
	void readingsGoStraightToSensorManagerBehindItsBreaker() throws Exception {
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> refused = postReading();
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("X-Correlation-Id")).hasValue("reading-1");
			assertThat(refused.body()).contains("\"code\":\"service.unavailable\"")
				.contains("the sensor-manager service is not reachable");
		}
		HttpResponse<String> open = postReading();
		assertThat(open.statusCode()).isEqualTo(503);
		assertThat(open.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(open.body()).contains("the sensor-manager service is failing; the gateway stops calling it");
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderWhicheverPathTakesThem() throws Exception {
		register("pipe", "web", "i-pp", DeploymentId.random(), true);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/pipe/").statusCode() == 200);
		try (RawHttp connection = new RawHttp(this.port)) {
			// java.net.http asks for h2c on a connection's first request; the server
			// declines, and the
			// connection goes on as HTTP/1.1 for either path
			connection.send("GET /api/auth/jwks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
					+ "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
			assertThat(connection.read().status()).isEqualTo(200);
			connection.send(RawHttp.get("/apps/pipe/after-upgrade"));
			assertThat(connection.read().body()).isEqualTo("i-pp /after-upgrade prefix=/apps/pipe");
		}
		try (RawHttp connection = new RawHttp(this.port)) {
			// app links take the hot path, the key set the gateway's own API: the answers
			// must keep their order
			connection
				.send(RawHttp.get("/apps/pipe/one") + RawHttp.get("/api/auth/jwks") + RawHttp.get("/apps/pipe/two")
						+ RawHttp.get("/apps/nosuchapp/") + RawHttp.get("/apps/pipe/three"));
			assertThat(connection.read().body()).isEqualTo("i-pp /one prefix=/apps/pipe");
			RawHttp.Response keys = connection.read();
			assertThat(keys.status()).isEqualTo(200);
			assertThat(keys.body()).contains("\"keys\"");
			assertThat(connection.read().body()).isEqualTo("i-pp /two prefix=/apps/pipe");
			assertThat(connection.read().status()).isEqualTo(404);
			assertThat(connection.read().body()).isEqualTo("i-pp /three prefix=/apps/pipe");
		}
	}

	@Test
	void expectContinueChunkedBodiesAndHttp10CallersAreServed() throws Exception {
		register("raw", "web", "i-r", DeploymentId.random(), true);
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/raw/").statusCode() == 200);
		try (RawHttp connection = new RawHttp(this.port)) {
			connection.send("POST /apps/raw/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n");
			assertThat(connection.read().status()).isEqualTo(100);
			connection.send("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
			RawHttp.Response echoed = connection.read();
			assertThat(echoed.status()).isEqualTo(201);
			assertThat(echoed.body()).startsWith("POST /echo\n")
				.endsWith("\nbody=hello world")
				.doesNotContain("expect=");
			// and the connection is kept for the next request
			connection.send(RawHttp.get("/apps/raw/again"));
			assertThat(connection.read().body()).isEqualTo("i-r /again prefix=/apps/raw");
		}
		try (RawHttp connection = new RawHttp(this.port)) {
			// answered (404) before its body came: the body is read and dropped, and the
			// connection goes on
			connection.send("POST /apps/nosuchapp/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n");
			assertThat(connection.read().status()).isEqualTo(404);
			connection.send("hello" + RawHttp.get("/apps/raw/next"));
			assertThat(connection.read().body()).isEqualTo("i-r /next prefix=/apps/raw");
		}
		try (RawHttp connection = new RawHttp(this.port)) {
			connection.send("GET /apps/raw/old HTTP/1.0\r\n\r\n");
			RawHttp.Response old = connection.read();
			assertThat(old.status()).isEqualTo(200);
			assertThat(old.body()).isEqualTo("i-r /old prefix=/apps/raw");
			assertThat(connection.closedByServer()).isTrue();
		}
	}

	@Test
	void anAnswerEndedByClosingIsPassedOnWhole() throws Exception {
		// an instance that answers HTTP/1.0 without a length and closes, as a bare Python
		// http.server may
		try (ServerSocket oldStyle = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread answering = Thread.ofVirtual().start(() -> {
				while (!oldStyle.isClosed()) {
					try (Socket connection = oldStyle.accept()) {
						readHead(connection.getInputStream());
						connection.getOutputStream()
							.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold-style answer"
								.getBytes(StandardCharsets.US_ASCII));
					}
					catch (IOException ex) {
						// closed at the end of the test
					}
				}
			});
			send(new ServiceRegistered(AppId.of("oldstyle"), "web", InstanceId.of("i-o"), DeploymentId.random(),
					NodeId.of("n-1"), "http://127.0.0.1:" + oldStyle.getLocalPort(), "/health", true,
					AppAccess.PUBLIC));
			await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/oldstyle/").statusCode() == 200);
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> answer = get("/apps/oldstyle/page");
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(answer.body()).isEqualTo("old-style answer");
			}
			oldStyle.close();
			answering.join(5_000);
		}
	}

	@Test
	void aConnectionTheInstanceClosedIsNotUsedAgain() throws Exception {
		HttpServer first = server("i-first", 0);
		int instancePort = first.getAddress().getPort();
		send(new ServiceRegistered(AppId.of("renewed"), "web", InstanceId.of("i-first"), DeploymentId.random(),
				NodeId.of("n-1"), "http://127.0.0.1:" + instancePort, "/health", true, AppAccess.PUBLIC));
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/renewed/").statusCode() == 200);
		assertThat(get("/apps/renewed/").body()).startsWith("i-first ");
		// ends its connections, among them the one the gateway keeps for the next request
		first.stop(0);
		this.instances.add(server("i-second", instancePort));
		HttpResponse<String> after = get("/apps/renewed/");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.body()).startsWith("i-second ");
	}

	@Test
	void anInstanceThatDoesNotAnswerInTimeGets504() throws Exception {
		HttpServer sleepy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		sleepy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		sleepy.createContext("/", exchange -> {
			try {
				Thread.sleep(6_000); // longer than the 3 s this test gives instances
				exchange.sendResponseHeaders(200, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		sleepy.start();
		this.instances.add(sleepy);
		send(new ServiceRegistered(AppId.of("sleepy"), "web", InstanceId.of("i-z"), DeploymentId.random(),
				NodeId.of("n-1"), "http://127.0.0.1:" + sleepy.getAddress().getPort(), "/health", true,
				AppAccess.PUBLIC));
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/apps/sleepy/").statusCode() != 404);
		HttpResponse<String> late = get("/apps/sleepy/");
		assertThat(late.statusCode()).isEqualTo(504);
		assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(late.body()).contains("\"code\":\"service.timeout\"")
			.contains("the instance of app 'sleepy' did not answer in time");
	}

	private static void readHead(InputStream in) throws IOException {
		int matched = 0;
		int next;
		while (matched < 4 && (next = in.read()) != -1) {
			matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : (next == '\r') ? 1 : 0;
		}
	}

	private HttpResponse<String> postReading() throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(link("/api/sensors/s-1/data")))
			.header("X-Sensor-Key", "key-1")
			.header("X-Correlation-Id", "reading-1")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"values\":{\"celsius\":20.5}}"))
			.timeout(ANSWER_WITHIN)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void register(String app, String service, String instance, DeploymentId deployment, boolean entry)
			throws Exception {
		register(app, service, instance, deployment, entry, AppAccess.PUBLIC);
	}

	private void register(String app, String service, String instance, DeploymentId deployment, boolean entry,
			AppAccess access) throws Exception {
		HttpServer server = server(instance, 0);
		this.instances.add(server);
		send(new ServiceRegistered(AppId.of(app), service, InstanceId.of(instance), deployment, NodeId.of("n-1"),
				"http://127.0.0.1:" + server.getAddress().getPort(), "/health", entry, access));
	}

	private String link(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private void send(Message message) throws Exception {
		this.producer
			.send(new ProducerRecord<>(TopicNames.REGISTER_SERVICE, "key",
					new EnvelopeCodec().encode(Envelope.of("test", null, message))))
			.get();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(link(path))).timeout(ANSWER_WITHIN).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String accept, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(link(path)))
			.header("Accept", accept)
			.timeout(ANSWER_WITHIN);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(link(path)))
			.header("Authorization", authorization)
			.timeout(ANSWER_WITHIN)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A server that answers "<name> <path and query> prefix=<X-Forwarded-Prefix>", and on
	 * {@code /echo} 201 with the method, path, the headers it got (lower case, sorted)
	 * and the body.
	 */
	private static HttpServer server(String name, int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
			server.createContext("/echo", exchange -> {
				StringBuilder answer = new StringBuilder(exchange.getRequestMethod() + " /echo\n");
				new TreeMap<>(exchange.getRequestHeaders())
					.forEach((header, values) -> answer.append(header.toLowerCase(Locale.ROOT))
						.append('=')
						.append(String.join(",", values))
						.append('\n'));
				answer.append("body=")
					.append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("X-Echo", "yes");
				// chunked, as a streaming app would answer
				exchange.sendResponseHeaders(201, 0);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.createContext("/", exchange -> {
				String query = (exchange.getRequestURI().getRawQuery() != null)
						? "?" + exchange.getRequestURI().getRawQuery() : "";
				String prefix = exchange.getRequestHeaders().getFirst("X-Forwarded-Prefix");
				byte[] body = (name + " " + exchange.getRequestURI().getRawPath() + query
						+ ((prefix != null) ? " prefix=" + prefix : ""))
					.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
