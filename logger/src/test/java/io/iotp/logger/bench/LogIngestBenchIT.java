package io.iotp.logger.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.logger.LoggerApplication;
import io.iotp.logger.store.LogStore;
import io.iotp.starter.security.TestTokens;
import io.iotp.starter.security.TestTokensInitializer;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingestion rate, lines per second from {@code app-logs} to stored and queryable: a
 * backlog of {@code bench.lines} app lines ({@code bench/log_ingest.sh} gives 200,000;
 * the suite runs it with 2,000 to check that it works, each like a node agent ships it,
 * one in a hundred carrying a password) is put on {@code app-logs} (3 partitions, as
 * {@code iotp up} creates it) while the logger's consumer is stopped; then the consumer
 * starts and the clock runs until the store holds them all, and the newest is answered by
 * {@code GET /api/logs}. The store is the embedded platform's (mongo-java-server on an H2
 * file, its own JVM with -Xmx256m); Kafka is in this JVM. Loopback only, bounded by
 * {@code bench.timeout-seconds} (default 300).
 * <p>
 * Measured with {@code bench/log_ingest.sh}.
 */
@SpringBootTest(classes = LoggerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "iotp.platform.ship-logs=false",
				"iotp.platform.heartbeat-interval=5s", "logging.level.org.apache.kafka=WARN",
				"logging.level.kafka=WARN", "logging.level.state.change.logger=WARN" })
@EmbeddedKafka(partitions = 3,
		topics = { TopicNames.PLATFORM_LOGS, TopicNames.APP_LOGS, TopicNames.SCHEDULER_TO_DEPLOYER,
				TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = TestTokensInitializer.class)
class LogIngestBenchIT {

	/**
	 * The suite runs it as a smoke test of the benchmark, with a small backlog; the
	 * benchmark's command gives the real size.
	 */
	private static final int LINES = Integer.getInteger("bench.lines", 2_000);

	private static final Duration TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.timeout-seconds", 300));

	private static final Path STORE_DIR = tempDir();

	private static final int MONGO_PORT = freePort();

	private static final Process MONGO = startMongo();

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	LogStore store;

	private double queryableSeconds;

	@DynamicPropertySource
	static void store(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_PORT);
	}

	@AfterAll
	static void stopMongo() throws InterruptedException {
		MONGO.destroy();
		if (!MONGO.waitFor(20, TimeUnit.SECONDS)) {
			MONGO.destroyForcibly().waitFor();
		}
		FileSystemUtils.deleteRecursively(STORE_DIR.toFile());
	}

	@Test
	void linesPerSecondFromAppLogsToQueryable() throws Exception {
		MessageListenerContainer ingest = this.listeners.getListenerContainer("log-ingest");
		ingest.stop();
		long before = this.store.countLines();

		long producing = System.nanoTime();
		String newest = produceBacklog();
		double produceSeconds = (System.nanoTime() - producing) / 1e9;

		long started = System.nanoTime();
		ingest.start();
		await().atMost(TIMEOUT)
			// counting reads every chunk: polled gently so the count does not slow the
			// store it measures
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.store.countLines() >= before + LINES);
		double storeSeconds = (System.nanoTime() - started) / 1e9;
		JsonNode page;
		long pageMillis;
		long searchMillis;
		try (Api admin = new Api(this.port, this.tokens.admin("bench"))) {
			page = admin.get("/api/logs?limit=1&app=bench").json();
			double queryable = (System.nanoTime() - started) / 1e9;
			long t0 = System.nanoTime();
			assertThat(admin.get("/api/logs?limit=100").json().path("items").size()).isEqualTo(100);
			pageMillis = (System.nanoTime() - t0) / 1_000_000;
			t0 = System.nanoTime();
			// a text search that only the second oldest line matches reads every line
			assertThat(admin.get("/api/logs?limit=10&q=reading%20r-1%20temp").json().path("items").size()).isEqualTo(1);
			searchMillis = (System.nanoTime() - t0) / 1_000_000;
			this.queryableSeconds = queryable;
		}
		double queryableSeconds = this.queryableSeconds;

		assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(newest);
		String report = String.format(
				"log ingestion: %,d lines from app-logs (3 partitions, backlog produced in %.1f s)%n"
						+ "  stored:    %.2f s -> %,.0f lines/s%n"
						+ "  queryable: %.2f s -> %,.0f lines/s (newest line answered by GET /api/logs?app=&limit=1)%n"
						+ "  store: mongo-java-server %s, own JVM -Xmx256m; ingest concurrency %s, cores %d%n"
						+ "  then: newest page of 100 in %d ms, a text search through all lines in %d ms%n",
				LINES, produceSeconds, storeSeconds, LINES / storeSeconds, queryableSeconds, LINES / queryableSeconds,
				"memory".equals(System.getProperty("bench.store")) ? "in memory" : "on an H2 file",
				System.getProperty("iotp.logger.ingest.concurrency", "3"), Runtime.getRuntime().availableProcessors(),
				pageMillis, searchMillis);
		System.out.print(report);
		Files.writeString(Path.of("target", "log-ingest-bench.txt"), report);
	}

	/** Puts the backlog on {@code app-logs}; returns the id of the newest line. */
	private String produceBacklog() throws Exception {
		EnvelopeCodec codec = new EnvelopeCodec();
		// one line per millisecond, ending now: the newest line is the last one produced
		Instant start = Instant.now().minusMillis(LINES);
		String newest = null;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.getBrokersAsString(),
						ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
						ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			List<Future<RecordMetadata>> sent = new ArrayList<>(LINES);
			for (int i = 0; i < LINES; i++) {
				String service = "svc-" + (i % 6);
				String instance = "i-bench-" + (i % 6);
				String message = (i % 100 == 0) ? "connecting to db with password=hunter" + i
						: "GET /sensor-data 200 in " + (i % 97) + " ms, reading r-" + i + " temperature=21." + (i % 10);
				LogEntry entry = new LogEntry("bench/" + service, instance, start.plusMillis(i),
						(i % 50 == 0) ? "ERROR" : "INFO", (i % 50 == 0) ? "stderr" : "stdout", null, message, null,
						Map.of("app", "bench", "service", service, "deploymentId", "d-bench", "instanceId", instance,
								"nodeId", "local-1"));
				Envelope<LogEntry> envelope = Envelope.of("node-agent", null, entry);
				newest = envelope.id();
				sent.add(producer
					.send(new ProducerRecord<>(TopicNames.APP_LOGS, entry.source(), codec.encode(envelope))));
			}
			producer.flush();
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
		return newest;
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("log-bench-store-");
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

	private static Process startMongo() {
		try {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-cp", System.getProperty("java.class.path"), BenchMongoServer.class.getName(),
					String.valueOf(MONGO_PORT), "memory".equals(System.getProperty("bench.store")) ? "memory"
							: STORE_DIR.resolve("iotp.mv.db").toString())
				.redirectErrorStream(true)
				.start();
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			while ((line = output.readLine()) != null && !line.contains("ready")) {
				// start-up noise
			}
			Thread.ofVirtual().start(() -> output.lines().forEach((ignored) -> {
			}));
			return process;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
