package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Topic;

/**
 * Prepares the embedded Kafka broker (KRaft, broker and controller in one process): its
 * configuration, its storage on first start, and the platform's topics once it runs. On a
 * fleet, a broker runs on every node with the role infra; the first three are also the
 * controllers (the KRaft quorum), all share one cluster id, and the platform's topics get
 * three replicas (fewer with fewer brokers), two of which must have a write before it is
 * acknowledged once there are three.
 */
class KafkaSetup {

	static final int PARTITIONS = 3;

	private final PlatformLayout layout;

	KafkaSetup(PlatformLayout layout) {
		this.layout = layout;
	}

	Path propertiesFile() {
		return this.layout.kafkaDir().resolve("server.properties");
	}

	Path log4jFile() {
		return this.layout.kafkaDir().resolve("log4j2.properties");
	}

	Path logDir() {
		return this.layout.kafkaDir().resolve("data");
	}

	/** The cluster id every broker of a fleet is formatted with (made by the fleet). */
	Path clusterIdFile() {
		return this.layout.kafkaDir().resolve("cluster-id");
	}

	/** The command that runs the broker, on the bootstrapper's own classpath. */
	List<String> brokerCommand() {
		return List.of(this.layout.javaCommand(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Dlog4j2.configurationFile=" + log4jFile(), "-cp", this.layout.bootstrapperJar().toString(),
				"kafka.Kafka", propertiesFile().toString());
	}

	/**
	 * Writes the broker's configuration (ports may have changed) and formats its storage
	 * once.
	 */
	void prepare() throws IOException, InterruptedException {
		Files.createDirectories(this.layout.kafkaDir());
		int port = this.layout.ports().kafka();
		int controller = this.layout.ports().kafkaController();
		String host = this.layout.bindAddress();
		NodePlacement placement = this.layout.placement();
		List<String> brokers = placement.brokers();
		int id = placement.brokerId();
		boolean controls = id <= NodePlacement.QUORUM;
		List<String> voters = new ArrayList<>();
		for (int i = 0; i < Math.min(NodePlacement.QUORUM, brokers.size()); i++) {
			voters.add((i + 1) + "@" + brokers.get(i) + ":" + controller);
		}
		int replicas = placement.replicationFactor();
		int minIsr = placement.minInSyncReplicas();
		KafkaPrincipals principals = new KafkaPrincipals(this.layout);
		List<String> lines = new ArrayList<>(
				List.of("# written by iotp up on every start; edit the iotp options instead",
						"process.roles=" + (controls ? "broker,controller" : "broker"), "node.id=" + id,
						"controller.quorum.voters=" + String.join(",", voters)));
		lines.addAll(principals.brokerProperties(host, port, this.layout.ports().kafkaApps(), controller, controls));
		lines.addAll(List.of("log.dirs=" + logDir(), "num.partitions=" + PARTITIONS,
				"default.replication.factor=" + replicas, "offsets.topic.replication.factor=" + replicas,
				"offsets.topic.num.partitions=10", "transaction.state.log.replication.factor=" + replicas,
				"transaction.state.log.min.isr=" + minIsr,
				"share.coordinator.state.topic.replication.factor=" + replicas,
				"share.coordinator.state.topic.min.isr=" + minIsr, "group.initial.rebalance.delay.ms=0",
				"auto.create.topics.enable=true", "log.retention.hours=168"));
		if (brokers.size() > 1) {
			// a broker that vanishes is fenced, and its partitions led by others, within
			// 3 s rather than Kafka's 9
			lines.addAll(List.of("broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500"));
		}
		lines.add("");
		// the broker's configuration holds the PLAIN users' passwords
		PrivateFiles.write(propertiesFile(), String.join("\n", lines));
		Files.writeString(log4jFile(),
				String.join("\n", "status = error", "appender.out.type = Console", "appender.out.name = OUT",
						"appender.out.layout.type = PatternLayout", "appender.out.layout.pattern = [%d] %p %m (%c)%n",
						"rootLogger.level = warn", "rootLogger.appenderRef.out.ref = OUT",
						"logger.started.name = kafka.server.KafkaRaftServer", "logger.started.level = info", ""),
				StandardCharsets.UTF_8);
		if (!Files.exists(logDir().resolve("meta.properties"))) {
			format();
		}
	}

	private void format() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.layout.javaCommand(), "-XX:TieredStopAtLevel=1",
				"-Dlog4j2.configurationFile=" + log4jFile(), "-cp", this.layout.bootstrapperJar().toString(),
				"kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", propertiesFile().toString()));
		Path log = this.layout.logDir().resolve("kafka-format.log");
		Files.createDirectories(this.layout.logDir());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("formatting the Kafka storage in " + logDir() + " failed; see " + log);
		}
	}

	private String clusterId() throws IOException {
		return Files.isRegularFile(clusterIdFile()) ? Files.readString(clusterIdFile()).strip()
				: Uuid.randomUuid().toString();
	}

	/** A new cluster id, for the brokers of a fleet. */
	static String newClusterId() {
		return Uuid.randomUuid().toString();
	}

	/**
	 * Creates every platform topic that does not exist yet and gives the platform's
	 * principals their passwords and ACLs ({@link KafkaPrincipals}); waits for the broker
	 * up to the deadline.
	 */
	void provision(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		KafkaPrincipals principals = new KafkaPrincipals(this.layout);
		Map<String, Object> config = new HashMap<>(principals.clientConfig(KafkaPrincipals.ADMIN));
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		try (Admin admin = Admin.create(config)) {
			while (true) {
				try {
					Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
					NodePlacement placement = this.layout.placement();
					List<NewTopic> missing = Topics.ALL.stream()
						.filter(topic -> !existing.contains(topic.name()))
						.map(topic -> new NewTopic(topic.name(), PARTITIONS, (short) placement.replicationFactor())
							.configs(topicConfig(topic, placement)))
						.toList();
					if (!missing.isEmpty()) {
						admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
					}
					principals.provision(admin);
					return;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while creating the platform topics", ex);
				}
				catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException(
								"Kafka did not accept the platform topics and principals: " + ex.getMessage(), ex);
					}
					sleep();
				}
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Replicas in sync; the registry-like topics compacted instead of deleted with age.
	 */
	static Map<String, String> topicConfig(Topic<?> topic, NodePlacement placement) {
		Map<String, String> config = new HashMap<>();
		config.put("min.insync.replicas", String.valueOf(placement.minInSyncReplicas()));
		if (Topics.COMPACTED.contains(topic)) {
			config.put("cleanup.policy", "compact");
		}
		return config;
	}

}
