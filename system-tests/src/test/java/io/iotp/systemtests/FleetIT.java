package io.iotp.systemtests;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.iotp.bootstrapper.platform.PlatformComponents;
import io.iotp.testsupport.FleetNodeContainer;
import io.iotp.testsupport.IotpCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform on a fleet of three nodes, each a container of the test fleet's image with
 * its own loopback address and OpenSSH server, brought up, used, hurt and taken down with
 * {@code iotp up|status|down --nodes} exactly as an admin runs them: each node runs a
 * Kafka broker and apps, node-1 the store and the directory, node-2 and node-3 a replica
 * of every platform service and a gateway each. Through node-2's gateway a developer
 * deploys an app with three instances, one on each node, and a sample bound to two
 * sensors, which gets every reading sent through the gateway and over MQTT; a service
 * replica killed on node-2 is brought back there while the API answers through the other;
 * node-3 then dies ({@code docker kill}) while a device sends and a client calls the API,
 * its instance is replaced on a node that lives; its machine started again, the node
 * rejoins by itself (what {@code up} left to start at its boot).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

	private static final List<String> ADDRESSES = List.of("127.0.0.41", "127.0.0.42", "127.0.0.43");

	private static final String APP = "fleet-web";

	private static final Path PROJECT_ROOT = Path.of("").toAbsolutePath().getParent();

	private static final Path WORK = Path.of("target", "fleet-it").toAbsolutePath();

	private static final List<FleetNodeContainer> nodes = new ArrayList<>();

	private static Path nodesFile;

	private static PlatformApi developer;

	private static PlatformApi admin;

	private static String deployment;

	@BeforeAll
	static void startNodes() throws Exception {
		FleetNodeContainer.require("FleetIT");
		deleteRecursively(WORK);
		Files.createDirectories(WORK);
		KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
		Path key = WORK.resolve("id_fleet");
		pair.writePrivateKey(key.toString());
		pair.writePublicKey(key + ".pub", "fleet-it");
		pair.dispose();
		for (String address : ADDRESSES) {
			nodes.add(FleetNodeContainer.start("FleetIT", address, Path.of(key + ".pub"), true));
		}
		nodesFile = Files.writeString(WORK.resolve("nodes.yml"), """
				ssh:
				  user: iotp
				  key: %s
				nodes:
				  - name: node-1
				    host: %s
				    port: %d
				    roles: [infra, apps]
				  - name: node-2
				    host: %s
				    port: %d
				    roles: [infra, services, apps]
				  - name: node-3
				    host: %s
				    port: %d
				    roles: [infra, services, apps]
				    labels: {zone: c}
				    capacity: {cpu: 2, memory-mb: 2048}
				""".formatted(key, ADDRESSES.get(0), nodes.get(0).sshPort(), ADDRESSES.get(1), nodes.get(1).sshPort(),
				ADDRESSES.get(2), nodes.get(2).sshPort()));
	}

	@AfterAll
	static void stopNodes() throws Exception {
		try {
			if (nodesFile != null && nodes.size() == ADDRESSES.size()) {
				iotp("down", "--nodes", nodesFile.toString());
			}
		}
		finally {
			// what each node's platform logged, for reading after a failure
			for (int n = 0; n < nodes.size(); n++) {
				nodes.get(n).copyOut("/home/iotp/iotp/data/logs", WORK.resolve("node-" + (n + 1) + "-logs"));
			}
			nodes.forEach(FleetNodeContainer::close);
		}
	}

	@Test
	@Order(1)
	void upFromNothingToHealthyOnThreeNodesThenAnAppServesFromEachThroughTheGateway() throws Exception {
		Instant begin = Instant.now();
		// three nodes of eight JVMs each on the test machine's two cores: a component's
		// start takes several times what it takes on a node of its own
		IotpCommand up = iotp("up", "--nodes", nodesFile.toString(), "--accept-new-host-keys", "--start-timeout",
				"600");
		Duration took = Duration.between(begin, Instant.now());

		assertThat(up.exitCode()).as(up.output()).isZero();
		System.out.printf("FLEET three nodes from nothing to healthy: %.1f s%n", took.toMillis() / 1000.0);
		assertThat(up.output()).contains("The platform is up on 3 nodes")
			.contains("Gateways:     http://" + ADDRESSES.get(1) + ":8080  http://" + ADDRESSES.get(2) + ":8080")
			.containsPattern("node-2 +platform copied: \\d+ files sent")
			.containsPattern("node-1 +kafka +up in")
			.containsPattern("node-2 +kafka +up in")
			.containsPattern("node-3 +kafka +up in")
			.containsPattern("node-2 +api-gateway +up in")
			.containsPattern("node-3 +api-gateway +up in")
			.containsPattern("node-3 +node-agent +up in")
			.containsPattern("node-3 +starts again at boot: yes");
		// tokens are checked with the fleet's signing key the node holds, not with a key
		// set fetched from a gateway
		for (String service : PlatformComponents.SERVICES) {
			String command = nodes.get(1)
				.exec("sh", "-c",
						"tr '\\0' ' ' </proc/$(cut -d' ' -f1 /home/iotp/iotp/data/run/" + service + ".pid)/cmdline");
			assertThat(command).as(service)
				.contains("--iotp.security.public-key-location=/home/iotp/iotp/data/gateway/jwt-signing-key.json")
				.doesNotContain("--iotp.security.jwks-url");
		}
		IotpCommand status = iotp("status", "--nodes", nodesFile.toString());
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(status.output()).contains("node-1 (" + ADDRESSES.get(0) + ")")
			.containsPattern("kafka +infrastructure +UP +\\d+ +" + ADDRESSES.get(0) + ":9092")
			.containsPattern("api-gateway +service +UP +\\d+ +http://" + ADDRESSES.get(1) + ":8080")
			.containsPattern("api-gateway +service +UP +\\d+ +http://" + ADDRESSES.get(2) + ":8080")
			.contains("Gateways: http://" + ADDRESSES.get(1) + ":8080  http://" + ADDRESSES.get(2) + ":8080");

		String[] login = nodes.get(0).exec("cat", "/home/iotp/iotp/data/admin-credentials").strip().split(":", 2);
		PlatformApi anonymous = PlatformApi.at("http://" + ADDRESSES.get(1) + ":8080",
				"tcp://" + ADDRESSES.get(1) + ":1883");
		admin = anonymous.loggedInAs(login[0], login[1]);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> listed = admin.get("/api/nodes");
			assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
			Map<String, String> addresses = PlatformApi.json(listed)
				.valueStream()
				.filter((node) -> "UP".equals(node.get("status").asString()))
				.collect(Collectors.toMap((node) -> node.get("id").asString(),
						(node) -> node.get("address").asString()));
			assertThat(addresses).containsExactlyInAnyOrderEntriesOf(
					Map.of("node-1", ADDRESSES.get(0), "node-2", ADDRESSES.get(1), "node-3", ADDRESSES.get(2)));
			JsonNode third = PlatformApi.json(listed)
				.valueStream()
				.filter((node) -> "node-3".equals(node.get("id").asString()))
				.findFirst()
				.orElseThrow();
			assertThat(third.get("labels").get("zone").asString()).isEqualTo("c");
			assertThat(third.get("capacity").get("cpu").asDouble()).isEqualTo(2.0);
			assertThat(third.get("capacity").get("memoryMb").asLong()).isEqualTo(2048);
		});

		HttpResponse<String> register = anonymous.postJson("/api/auth/register",
				"{\"username\": \"fleet-dev\", \"password\": \"Tulip-Harbour-42\", \"email\": \"fleet-dev@example.org\"}");
		assertThat(register.statusCode()).as(register.body()).isEqualTo(201);
		developer = anonymous.loggedInAs("fleet-dev", "Tulip-Harbour-42");
		HttpResponse<String> upload = developer.upload(webApp(), APP + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		HttpResponse<String> deploy = developer.postJson("/api/apps/" + APP + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		deployment = PlatformApi.json(deploy).get("id").asString();
		JsonNode running = developer.awaitDeployment(deployment, "RUNNING", Duration.ofSeconds(90));

		assertThat(nodesOf(running)).as(running.toString()).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
		String link = developer.local(running.get("url").asString());
		Set<String> answeredBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> answer = developer.get(link);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			answeredBy.add(PlatformApi.json(answer).get("host").asString());
			assertThat(answeredBy).containsExactlyInAnyOrderElementsOf(ADDRESSES);
		});
		// every node's agent ships its instance's output to the logger
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			HttpResponse<String> logs = developer.get("/api/logs?app=" + APP + "&q=listening");
			assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
			for (String address : ADDRESSES) {
				assertThat(logs.body()).contains("listening on " + address);
			}
		});
	}

	@Test
	@Order(2)
	void readingsSentThroughTheGatewayAndOverMqttReachTheBoundAppOnItsNode() throws Exception {
		developer.ensureTemperatureType();
		List<String> ids = List.of("fleet-t1", "fleet-t2");
		List<String> keys = new ArrayList<>();
		for (String id : ids) {
			keys.add(developer.registerSensor(id, "temperature", "fleet-greenhouse"));
		}
		HttpResponse<String> upload = developer.upload(AppZips.boundGreenhouse("fleet-gh", "fleet-greenhouse", 2),
				"fleet-gh.zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		HttpResponse<String> deploy = developer.postJson("/api/apps/fleet-gh/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		String greenhouse = PlatformApi.json(deploy).get("id").asString();
		JsonNode running = developer.awaitDeployment(greenhouse, "RUNNING", Duration.ofSeconds(90));
		String link = developer.local(running.get("url").asString());

		// 300 over HTTP through the gateway on node-2, 100 over MQTT to sensor-manager
		// there
		for (int batch = 0; batch < 3; batch++) {
			HttpResponse<String> sent = developer.sendBatch(keys, PlatformApi.temperatureBatch(ids, 100, batch));
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		}
		developer.publishTemperatures(ids.get(0), keys.get(0), 100);

		Set<String> received = new HashSet<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			received.clear();
			PlatformApi.json(developer.get(link + "readings"))
				.valueStream()
				.forEach((reading) -> received.add(reading.get("id").asString()));
			assertThat(received).hasSize(400);
		});
		System.out.printf("FLEET 400 readings delivered to the dashboard on %s%n", instanceNodes(running));
		developer.delete("/api/deployments/" + greenhouse);
		developer.awaitDeployment(greenhouse, "STOPPED", Duration.ofSeconds(30));
	}

	@Test
	@Order(3)
	void aServiceReplicaKilledOnItsNodeIsRestartedThereWhileTheOtherAnswers() throws Exception {
		FleetNodeContainer services = nodes.get(1);
		String pid = services.exec("cat", "/home/iotp/iotp/data/run/logger.pid").split(" ")[0];
		ApiCaller caller = new ApiCaller(admin, List.of("/api/logs?app=" + APP + "&limit=5"));
		Thread calling = Thread.ofVirtual().start(caller);
		await().atMost(Duration.ofSeconds(10)).until(() -> caller.answered.get() >= 10);

		services.exec("kill", "-9", pid);

		// the replica on node-3 answers meanwhile; node-2's monitoring brings its own
		// back
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			String now = services.exec("cat", "/home/iotp/iotp/data/run/logger.pid").split(" ")[0];
			assertThat(now).isNotEqualTo(pid);
			assertThat(services.exec("sh", "-c", "kill -0 " + now + " && echo alive")).contains("alive");
		});
		// started again on its own node, bound to its address, and nothing else with it
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			IotpCommand status = iotp("status", "--nodes", nodesFile.toString());
			assertThat(status.exitCode()).as(status.output()).isZero();
			assertThat(status.output())
				.containsPattern("logger +service +UP +\\d+ +http://" + ADDRESSES.get(1) + ":8086")
				.doesNotContain("127.0.0.1:");
		});
		HttpResponse<String> logger = admin.get("/api/monitoring/components/logger");
		assertThat(logger.statusCode()).as(logger.body()).isEqualTo(200);
		assertThat(PlatformApi.json(logger).get("component").get("state").asString()).isEqualTo("UP");
		caller.stop();
		calling.join(Duration.ofSeconds(10));
		System.out.printf("FLEET logger replica killed on node-2: %d API calls answered, %d failed%n",
				caller.answered.get(), caller.failures.size());
		assertThat(caller.failures).as("calls that failed while a logger replica was dead").isEmpty();
	}

	@Test
	@Order(4)
	void aNodeThatDiesIsDeclaredDownAndItsInstanceIsReplacedOnANodeThatLives() throws Exception {
		JsonNode before = developer.awaitDeployment(deployment, "RUNNING", Duration.ofSeconds(10));
		String lost = instanceOn(before, "node-3");
		String link = developer.local(before.get("url").asString());
		HttpResponse<String> type = developer.postJson("/api/sensor-types",
				"{\"name\": \"fleet-counter\", \"fields\": [{\"name\": \"seq\", \"type\": \"integer\", \"min\": 0}]}");
		assertThat(type.statusCode()).as(type.body()).isEqualTo(201);
		String sensorKey = developer.registerSensor("fleet-t3", "fleet-counter", "fleet-field");
		ReadingSender device = new ReadingSender(developer, "fleet-t3", sensorKey);
		Thread sending = Thread.ofVirtual().start(device);
		// a client of every service's API and of the app's link, through node-2's
		// gateway,
		// which balances over the replicas on node-2 and node-3 and over the app's
		// instances
		ApiCaller caller = new ApiCaller(admin, List.of("/api/deployments/" + deployment, "/api/sensors", "/api/nodes",
				"/api/monitoring/components", "/api/logs?app=" + APP + "&limit=5", link));
		Thread calling = Thread.ofVirtual().start(caller);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> device.acknowledged.size() >= 20 && caller.answered.get() >= 20);

		// node-3 holds a Kafka broker (of three, each partition on all three) and an
		// instance
		Instant killed = Instant.now();
		nodes.get(2).kill();

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> node = admin.get("/api/monitoring/components/node:node-3");
			assertThat(node.statusCode()).as(node.body()).isEqualTo(200);
			assertThat(PlatformApi.json(node).get("component").get("state").asString()).isEqualTo("DOWN");
		});
		JsonNode healed = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> PlatformApi.json(developer
				.get("/api/deployments/" + deployment)), (d) -> "RUNNING".equals(d.get("status").asString())
						&& d.get("instances").size() == 3 && nodesOf(d).stream().noneMatch("node-3"::equals)
						&& d.get("instances").valueStream().allMatch((i) -> "HEALTHY".equals(i.get("state").asString()))
						&& d.get("instances").valueStream().noneMatch((i) -> lost.equals(i.get("id").asString())));
		System.out.printf("FLEET node-3 killed: its instance replaced on %s within %.1f s%n", nodesOf(healed),
				Duration.between(killed, Instant.now()).toMillis() / 1000.0);
		caller.stop();
		calling.join(Duration.ofSeconds(10));
		Duration failing = caller.failures.isEmpty() ? Duration.ZERO
				: Duration.between(caller.failures.getFirst().at(), caller.failures.getLast().at());
		System.out.printf(
				"FLEET node-3 killed with a replica of every service and an app instance: %d calls (API and "
						+ "app link) answered, %d failed, over %.1f s: %s%n",
				caller.answered.get(), caller.failures.size(), failing.toMillis() / 1000.0,
				caller.failures.stream().limit(5).toList());
		assertThat(failing)
			.as("calls failed from the first to the last: %s", caller.failures.stream().limit(5).toList())
			.isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(developer.get(link).statusCode()).isEqualTo(200);
		// while the lost broker was fenced Kafka took no writes and every heartbeat
		// stopped: the instances of the nodes that live were not taken for dead
		assertThat(healed.get("instances").valueStream().map((i) -> i.get("id").asString())).as(healed.toString())
			.contains(instanceOn(before, "node-1"), instanceOn(before, "node-2"));
		device.stop();
		sending.join(Duration.ofSeconds(10));
		// every reading the platform acknowledged while the broker died is stored, once;
		// one it did not acknowledge (its answer lost in the failover) may be stored too,
		// as the device would send it again
		List<String> sent = IntStream.range(0, device.sent.get()).mapToObj(String::valueOf).toList();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			List<String> stored = developer.history("fleet-t3")
				.stream()
				.map((reading) -> reading.get("values").get("seq").asString())
				.toList();
			assertThat(stored).doesNotHaveDuplicates().containsAll(device.acknowledged);
			assertThat(sent).containsAll(stored);
		});
		System.out.printf("FLEET a broker's node killed while a device sent one reading at a time: %d sent, %d "
				+ "acknowledged and all stored once, %d not acknowledged (the longest wait for an answer %d ms)%n",
				device.sent.get(), device.acknowledged.size(), device.refused.get(), device.longestMillis.get());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> alerts = admin.get("/api/monitoring/alerts?kind=node-down&limit=100");
			assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(200);
			// node-3 alone: the others did not go silent for the detector while Kafka
			// was stalled
			assertThat(PlatformApi.json(alerts)
				.valueStream()
				.filter((a) -> Instant.parse(a.get("raisedAt").asString()).isAfter(killed))
				.map((a) -> a.get("subject").asString())).as(alerts.body()).containsOnly("node-3");
		});

		// the others are still reported on while it is gone
		IotpCommand gone = iotp("status", "--nodes", nodesFile.toString());
		assertThat(gone.exitCode()).as(gone.output()).isEqualTo(3);
		assertThat(gone.output()).contains("node-3 (" + ADDRESSES.get(2) + "): NOT REACHED")
			.containsPattern("kafka +infrastructure +UP")
			.containsPattern("api-gateway +service +UP");
	}

	@Test
	@Order(5)
	void aNodeWhoseMachineStartsAgainRejoinsByItself() throws Exception {
		if (nodes.get(2).running()) {
			nodes.get(2).kill();
		}
		// the machine comes back and the node rejoins with no one's help: what starts at
		// its boot starts its share of the platform
		Instant restarted = Instant.now();
		nodes.get(2).restart();
		// its whole share starts again, a broker and eight JVMs, as at the first up
		await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			HttpResponse<String> node = admin.get("/api/monitoring/components/node:node-3");
			JsonNode component = PlatformApi.json(node).get("component");
			// UP again since it restarted, not still UP from before its death
			assertThat(component.get("state").asString()).as(node.body()).isEqualTo("UP");
			assertThat(Instant.parse(component.get("since").asString())).as(node.body()).isAfter(restarted);
		});
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			IotpCommand back = iotp("status", "--nodes", nodesFile.toString());
			assertThat(back.exitCode()).as(back.output()).isZero();
		});
		System.out.printf("FLEET node-3 started again and rejoined by itself in %.1f s%n",
				Duration.between(restarted, Instant.now()).toMillis() / 1000.0);
		assertThat(nodes.get(2).exec("cat", "/home/" + FleetNodeContainer.USER + "/iotp/data/logs/start-at-boot.log"))
			.contains("the machine started: starting this node's platform")
			.containsPattern("api-gateway +up in");
		IotpCommand again = iotp("up", "--nodes", nodesFile.toString());
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.output()).containsPattern("node-3 +api-gateway +already running")
			.containsPattern("node-3 +node-agent +already running");
	}

	@Test
	@Order(6)
	void downLeavesNoPlatformProcessOnAnyNode() throws Exception {
		HttpResponse<String> stop = developer.delete("/api/deployments/" + deployment);
		assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
		developer.awaitDeployment(deployment, "STOPPED", Duration.ofSeconds(30));

		IotpCommand down = iotp("down", "--nodes", nodesFile.toString());

		assertThat(down.exitCode()).as(down.output()).isZero();
		assertThat(down.output()).contains("The platform is down on 3 nodes");
		for (FleetNodeContainer node : nodes) {
			assertThat(node.exec("ps", "-e", "-o", "comm=").lines().distinct())
				.as("processes left on the node at " + node.address())
				.allMatch((command) -> command.equals("sshd") || command.equals("cron") || command.equals("ps"));
			assertThat(node.exec("su", FleetNodeContainer.USER, "-c", "crontab -l 2>&1 || true"))
				.as("the crontab of the node at " + node.address())
				.doesNotContain("@reboot");
		}
	}

	/**
	 * A device sending one reading at a time over HTTP through the gateway, each with a
	 * sequence number, until stopped (at most 3,000 readings, at most 60 s).
	 */
	private static final class ReadingSender implements Runnable {

		private final PlatformApi api;

		private final String sensor;

		private final String key;

		private final List<String> acknowledged = new CopyOnWriteArrayList<>();

		private final AtomicInteger refused = new AtomicInteger();

		private final AtomicInteger sent = new AtomicInteger();

		private final AtomicLong longestMillis = new AtomicLong();

		private volatile boolean stopped;

		ReadingSender(PlatformApi api, String sensor, String key) {
			this.api = api;
			this.sensor = sensor;
			this.key = key;
		}

		void stop() {
			this.stopped = true;
		}

		@Override
		public void run() {
			Instant end = Instant.now().plusSeconds(60);
			for (int seq = 0; seq < 3000 && !this.stopped && Instant.now().isBefore(end); seq++) {
				this.sent.set(seq + 1);
				long begin = System.nanoTime();
				try {
					HttpResponse<String> answer = this.api.sendReadings(this.sensor, this.key,
							"[{\"values\":{\"seq\":" + seq + "}}]");
					this.longestMillis.accumulateAndGet((System.nanoTime() - begin) / 1_000_000, Math::max);
					if (answer.statusCode() == 202) {
						this.acknowledged.add(String.valueOf(seq));
					}
					else {
						this.refused.incrementAndGet();
					}
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (RuntimeException ex) {
					this.longestMillis.accumulateAndGet((System.nanoTime() - begin) / 1_000_000, Math::max);
					this.refused.incrementAndGet();
				}
			}
		}

	}

	/**
	 * A client calling read-only API paths in turn, one call at a time, until stopped (at
	 * most 5,000 calls, at most 120 s); every call that did not get 200, with when and
	 * what it got.
	 */
	private static final class ApiCaller implements Runnable {

		private final PlatformApi api;

		private final List<String> paths;

		private final AtomicInteger answered = new AtomicInteger();

		private final List<Failure> failures = new CopyOnWriteArrayList<>();

		private volatile boolean stopped;

		ApiCaller(PlatformApi api, List<String> paths) {
			this.api = api;
			this.paths = paths;
		}

		void stop() {
			this.stopped = true;
		}

		@Override
		public void run() {
			Instant end = Instant.now().plusSeconds(120);
			for (int call = 0; call < 5000 && !this.stopped && Instant.now().isBefore(end); call++) {
				String path = this.paths.get(call % this.paths.size());
				try {
					HttpResponse<String> answer = this.api.get(path);
					if (answer.statusCode() == 200) {
						this.answered.incrementAndGet();
					}
					else {
						this.failures.add(new Failure(Instant.now(), path, answer.statusCode() + " "
								+ answer.body().substring(0, Math.min(100, answer.body().length()))));
					}
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (Exception ex) {
					this.failures.add(new Failure(Instant.now(), path, ex.toString()));
				}
			}
		}

		record Failure(Instant at, String path, String what) {
		}

	}

	private static List<String> instanceNodes(JsonNode deployment) {
		return deployment.get("instances")
			.valueStream()
			.map((i) -> i.get("service").asString() + "@" + i.get("node").asString())
			.toList();
	}

	private static List<String> nodesOf(JsonNode deployment) {
		return deployment.get("instances").valueStream().map((i) -> i.get("node").asString()).toList();
	}

	private static String instanceOn(JsonNode deployment, String node) {
		return deployment.get("instances")
			.valueStream()
			.filter((i) -> i.get("node").asString().equals(node))
			.map((i) -> i.get("id").asString())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no instance on " + node + ": " + deployment));
	}

	/** An HTTP service of three instances that says which address it serves on. */
	private static byte[] webApp() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "one instance per node", "entryService": "web"}
				""".formatted(APP));
		files.put("services/web/config.json", """
				{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 3, "max": 3}}
				""");
		files.put("services/web/main.py", """
				import json, os
				from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

				HOST = os.environ.get("HOST", "127.0.0.1")

				class Handler(BaseHTTPRequestHandler):
				    def do_GET(self):
				        body = json.dumps({"host": HOST}).encode()
				        self.send_response(200)
				        self.send_header("Content-Type", "application/json")
				        self.send_header("Content-Length", str(len(body)))
				        self.end_headers()
				        self.wfile.write(body)

				    def log_message(self, *args):
				        pass

				server = ThreadingHTTPServer((HOST, int(os.environ["PORT"])), Handler)
				print("listening on " + HOST, flush=True)
				server.serve_forever()
				""");
		return AppZips.zip(files);
	}

	/** The iotp CLI as built, run to its end, with the fleet's known_hosts and data. */
	private static IotpCommand iotp(String... arguments) {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--known-hosts", WORK.resolve("known_hosts").toString(), "--data-dir",
				WORK.resolve("admin").toString()));
		return IotpCommand.run(PROJECT_ROOT.resolve("bootstrapper/target/bootstrapper.jar"), Duration.ofMinutes(15),
				all);
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
