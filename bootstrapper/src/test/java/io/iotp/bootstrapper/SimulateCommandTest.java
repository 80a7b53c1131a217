package io.iotp.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code iotp simulate} against a real HTTP server on loopback that answers like the
 * gateway does for the calls the simulator makes (login, sensor types, sensors, batch
 * ingestion with sensor keys).
 */
class SimulateCommandTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, JsonNode> types = new ConcurrentHashMap<>();

	private final Map<String, String> keys = new ConcurrentHashMap<>();

	private final List<JsonNode> readings = new CopyOnWriteArrayList<>();

	private final AtomicInteger sensorsCreated = new AtomicInteger();

	private final AtomicInteger refusedBatches = new AtomicInteger();

	private HttpServer gateway;

	@TempDir
	Path dataDir;

	@BeforeEach
	void startGateway() throws IOException {
		this.gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.gateway.createContext("/api/", this::handle);
		this.gateway.start();
	}

	@AfterEach
	void stopGateway() {
		this.gateway.stop(0);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "--sensors|0|--sensors must be between 1 and 10000", "--rate|-5|--rate must be above 0",
					"--protocol|smtp|--protocol must be http or mqtt", "--duration|0s|--duration must be above 0",
					"--duration|soon|--duration must look like 30s", "--type|Bad Type|--type must match" })
	void refusesBadArgumentsWithExitCode2(String option, String value, String message) {
		StringWriter err = new StringWriter();

		int exit = execute(err, "simulate", option, value, "--user", "ada", "--password", "pw", "--gateway", url());

		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains(message);
		assertThat(this.sensorsCreated).hasValue(0);
	}

	@Test
	void sendsAtTheRateForTheDurationThenStopsAndReusesItsSensorsNextTime() {
		StringWriter err = new StringWriter();
		long started = System.nanoTime();

		int exit = execute(err, "simulate", "--sensors", "3", "--rate", "200", "--duration", "2s", "--type",
				"temperature", "--location", "lab-1", "--user", "ada", "--password", "pw", "--gateway", url(),
				"--data-dir", this.dataDir.toString());

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(exit).as(err.toString()).isZero();
		assertThat(took).isLessThan(Duration.ofSeconds(6));
		assertThat(this.readings).hasSizeBetween(320, 420);
		assertThat(this.readings).allSatisfy((reading) -> {
			assertThat(this.keys).containsKey(reading.get("sensorId").asString());
			assertThat(reading.get("ts").isString()).isTrue();
			assertThat(reading.get("values").get("temperature").asDouble()).isBetween(-40.0, 85.0);
		});
		assertThat(this.readings.stream().map((r) -> r.get("sensorId").asString()).distinct()).hasSize(3);
		assertThat(this.types.get("temperature").get("fields").get(0).get("name").asString()).isEqualTo("temperature");
		assertThat(this.sensorsCreated).hasValue(3);
		assertThat(this.refusedBatches).hasValue(0);
		assertThat(this.dataDir.resolve("simulator/temperature@lab-1.json")).exists();

		int again = execute(err, "simulate", "--sensors", "2", "--rate", "50", "--duration", "500ms", "--location",
				"lab-1", "--user", "ada", "--password", "pw", "--gateway", url(), "--data-dir",
				this.dataDir.toString());

		assertThat(again).isZero();
		assertThat(this.sensorsCreated).as("no new sensors on the second run").hasValue(3);
	}

	@Test
	void sendsOverMqttWithEachSensorsCredentialsAndQos1() throws IOException {
		StringWriter err = new StringWriter();
		// the sensors exist first (registered by an HTTP run), so the MQTT server can
		// know their keys
		assertThat(
				execute(err, "simulate", "--sensors", "2", "--rate", "10", "--duration", "200ms", "--location", "lab-2",
						"--user", "ada", "--password", "pw", "--gateway", url(), "--data-dir", this.dataDir.toString()))
			.isZero();
		try (MqttStandIn mqtt = new MqttStandIn(Map.copyOf(this.keys))) {
			long started = System.nanoTime();

			int exit = execute(err, "simulate", "--protocol", "mqtt", "--mqtt", "tcp://127.0.0.1:" + mqtt.port(),
					"--sensors", "2", "--rate", "100", "--duration", "2s", "--location", "lab-2", "--user", "ada",
					"--password", "pw", "--gateway", url(), "--data-dir", this.dataDir.toString());

			assertThat(exit).as(err.toString()).isZero();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
			assertThat(mqtt.published()).hasSizeBetween(160, 210).allSatisfy((message) -> {
				assertThat(message.topic()).isEqualTo("sensors/" + message.user() + "/data");
				JsonNode reading = this.json.readTree(message.payload());
				assertThat(reading.get("ts").isString()).isTrue();
				assertThat(reading.get("values").get("temperature").asDouble()).isBetween(-40.0, 85.0);
			});
			assertThat(mqtt.published().stream().map(MqttStandIn.Published::user).distinct()).hasSize(2);
		}
	}

	@Test
	void anUnreachableMqttServerIsReportedAndTheRunEnds() throws IOException {
		StringWriter err = new StringWriter();

		int exit = execute(err, "simulate", "--protocol", "mqtt", "--mqtt", "tcp://127.0.0.1:" + freePort(),
				"--duration", "1s", "--user", "ada", "--password", "pw", "--gateway", url(), "--data-dir",
				this.dataDir.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).contains("cannot connect the simulated sensors to MQTT");
	}

	private int execute(StringWriter err, String... args) {
		return IotpCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
	}

	private String url() {
		return "http://127.0.0.1:" + this.gateway.getAddress().getPort();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		byte[] body = exchange.getRequestBody().readAllBytes();
		boolean authorized = "Bearer t-ada".equals(exchange.getRequestHeaders().getFirst("Authorization"));
		if (method.equals("POST") && path.equals("/api/auth/login")) {
			JsonNode login = this.json.readTree(body);
			boolean ok = login.get("username").asString().equals("ada")
					&& login.get("password").asString().equals("pw");
			answer(exchange, ok ? 200 : 401, ok ? Map.of("token", "t-ada") : Map.of("code", "auth.unauthorized"));
		}
		else if (path.equals("/api/sensors/data:batch") && method.equals("POST")) {
			Set<String> offered = Set.copyOf(
					Arrays.asList(String.valueOf(exchange.getRequestHeaders().getFirst("X-Sensor-Key")).split(",")));
			List<JsonNode> batch = new ArrayList<>();
			this.json.readTree(body).forEach(batch::add);
			if (batch.stream().allMatch((r) -> offered.contains(this.keys.get(r.get("sensorId").asString())))) {
				this.readings.addAll(batch);
				answer(exchange, 202, Map.of("accepted", batch.size()));
			}
			else {
				this.refusedBatches.incrementAndGet();
				answer(exchange, 401, Map.of("code", "auth.unauthorized"));
			}
		}
		else if (!authorized) {
			answer(exchange, 401, Map.of("code", "auth.unauthorized"));
		}
		else if (path.startsWith("/api/sensor-types/") && method.equals("GET")) {
			JsonNode type = this.types.get(path.substring("/api/sensor-types/".length()));
			answer(exchange, (type != null) ? 200 : 404, (type != null) ? type : Map.of("code", "resource.not-found"));
		}
		else if (path.equals("/api/sensor-types") && method.equals("POST")) {
			JsonNode type = this.json.readTree(body);
			this.types.put(type.get("name").asString(), type);
			answer(exchange, 201, type);
		}
		else if (path.equals("/api/sensors") && method.equals("POST")) {
			String id = "s-sim-" + this.sensorsCreated.incrementAndGet();
			this.keys.put(id, "key-" + id);
			answer(exchange, 201, Map.of("id", id, "apiKey", "key-" + id));
		}
		else if (path.startsWith("/api/sensors/") && method.equals("GET")) {
			boolean known = this.keys.containsKey(path.substring("/api/sensors/".length()));
			answer(exchange, known ? 200 : 404, Map.of("known", known));
		}
		else {
			answer(exchange, 404, Map.of("code", "resource.not-found"));
		}
	}

	private void answer(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
