package io.iotp.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.InstanceBounds;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;

/**
 * Healing of running deployments against a real Kafka broker and the MongoDB wire protocol, with
 * node-manager (two nodes, honouring exclusions) and the node agents played by the test: an instance
 * LOST with its node, or FAILED beyond its restart budget, is replaced on the other node with growing
 * waits, re-registered for routing, and the deployment stays RUNNING with a reason naming both.
 */
@SpringBootTest(properties = { "spring.application.name=deployer", "iotp.deployer.startup-deadline=5s",
		"iotp.deployer.sweep-interval=200ms", "iotp.gateway-url=http://gw.test:8080",
		"iotp.deployer.replacement.initial-backoff=300ms", "iotp.deployer.replacement.sweep-interval=1s" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.GET_NODE_REQUEST,
				TopicNames.BEST_NODE_RESPONSE, TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.REGISTER_SERVICE,
				TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
class ReplacementIT {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	private static final List<NodeId> NODES = List.of(NodeId.of("n-a"), NodeId.of("n-b"));

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_ADDRESS.getPort() + "/deployer");
	}

	@AfterAll
	static void stopMongo() {
		MONGO.shutdownNow();
	}

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	/** What the peers saw, with when they saw it. */
	private final List<Seen> seen = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private KafkaProducer<String, byte[]> producer;

	private Thread peers;

	@BeforeEach
	void startPeers() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka),
				new StringSerializer(), new ByteArraySerializer());
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.kafka, ConsumerConfig.GROUP_ID_CONFIG, "peers-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
		consumer.subscribe(List.of(TopicNames.GET_NODE_REQUEST, TopicNames.NODE_COMMANDS, TopicNames.DEPLOYMENT_STATUS,
				TopicNames.REGISTER_SERVICE));
		AtomicBoolean assigned = new AtomicBoolean();
		this.peers = Thread.ofVirtual().start(() -> {
			try (consumer) {
				while (this.running.get()) {
					ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
					assigned.set(!consumer.assignment().isEmpty());
					for (ConsumerRecord<String, byte[]> record : records) {
						Message message = this.codec.decode(record.value()).payload();
						this.seen.add(new Seen(message, Instant.now()));
						answer(record, message);
					}
				}
			}
		});
		await().atMost(Duration.ofSeconds(10)).untilTrue(assigned);
	}

	@AfterEach
	void stopPeers() throws Exception {
		this.running.set(false);
		this.peers.join();
		this.producer.close();
	}

	@Test
	void anInstanceLostWithItsNodeIsReplacedOnTheOtherNodeAndRoutedAgain() {
		DeploymentId id = DeploymentId.random();
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, service("web", 1)));
		awaitStatus(id, DeploymentState.RUNNING);
		StartInstance first = starts(id).getFirst();
		NodeId lostNode = first.nodeId();

		report(first, InstanceState.LOST, "node " + lostNode + " is DOWN");

		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 2);
		StartInstance replacement = starts(id).get(1);
		assertThat(replacement.nodeId()).isNotEqualTo(lostNode);
		assertThat(replacement.service()).isEqualTo("web");
		assertThat(replacement.env()).containsEntry("IOTP_INSTANCE_ID", replacement.instanceId().value())
			.containsEntry("THRESHOLD", "30");
		BestNodeRequest asked = messages(BestNodeRequest.class).stream()
			.filter(r -> r.deploymentId().equals(id))
			.reduce((a, b) -> b)
			.orElseThrow();
		assertThat(asked.excludeNodes()).containsExactly(lostNode);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(messages(ServiceDeregistered.class)).anyMatch(d -> d.instanceId().equals(first.instanceId()));
			assertThat(messages(ServiceRegistered.class)).anyMatch(r -> r.instanceId().equals(replacement.instanceId()));
		});
		DeploymentStatusChanged healed = await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id), s -> s.reason() != null && s.reason().contains("replaced by"));
		assertThat(healed.status()).isEqualTo(DeploymentState.RUNNING);
		assertThat(healed.reason()).contains("instance " + first.instanceId() + " LOST on node " + lostNode)
			.contains("replaced by " + replacement.instanceId() + " on node " + replacement.nodeId());
		assertThat(healed.instances()).extracting(i -> i.instanceId()).containsExactly(replacement.instanceId());
		assertThat(statuses(id)).doesNotContain(DeploymentState.FAILED);

		// the old node comes back and re-adopts the old instance: it is no longer part of the run, so it is stopped
		report(first, InstanceState.HEALTHY, "re-adopted by the agent after its restart");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messages(StopInstance.class)).anyMatch(s -> s.instanceId().equals(first.instanceId())));
		stop(id);
	}

	@Test
	void anInstanceFailedBeyondItsBudgetIsReplacedWithGrowingWaitsAndTheDeploymentKeepsRunning() {
		DeploymentId id = DeploymentId.random();
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, service("web", 1)));
		awaitStatus(id, DeploymentState.RUNNING);
		StartInstance first = starts(id).getFirst();

		Instant firstFailure = Instant.now();
		report(first, InstanceState.FAILED, "exited with code 137 after 3 restart(s); last output: (none)");
		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 2);
		StartInstance second = starts(id).get(1);
		Duration firstWait = Duration.between(firstFailure, seenAt(second));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> messages(ServiceRegistered.class).stream().anyMatch(r -> r.instanceId().equals(second.instanceId())));

		Instant secondFailure = Instant.now();
		report(second, InstanceState.FAILED, "exited with code 137 after 3 restart(s); last output: (none)");
		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 3);
		Duration secondWait = Duration.between(secondFailure, seenAt(starts(id).get(2)));

		assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(secondWait).as("the second replacement of the service waits twice as long")
			.isGreaterThanOrEqualTo(Duration.ofMillis(600));
		assertThat(statuses(id)).doesNotContain(DeploymentState.FAILED);
		assertThat(lastStatus(id).reason()).contains("FAILED on node").contains("exited with code 137");
		stop(id);
	}

	private void stop(DeploymentId id) {
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), new StopDeployment(id, "asked by the test"));
		awaitStatus(id, DeploymentState.STOPPED);
	}

	private void answer(ConsumerRecord<String, byte[]> record, Message message) {
		switch (message) {
			case BestNodeRequest request -> {
				NodeId node = NODES.stream().filter(n -> !request.excludeNodes().contains(n)).findFirst().orElseThrow();
				ProducerRecord<String, byte[]> reply = new ProducerRecord<>(TopicNames.BEST_NODE_RESPONSE,
						request.deploymentId().value(), this.codec.encode(Envelope.of("node-manager", null,
								BestNodeResponse.chosen(request.requestId(), request.deploymentId(), node, "127.0.0.1"))));
				Header correlation = record.headers().lastHeader(KafkaHeaders.CORRELATION_ID);
				reply.headers().add(KafkaHeaders.CORRELATION_ID, correlation.value());
				this.producer.send(reply);
			}
			case StartInstance start -> {
				report(start, InstanceState.STARTING, null);
				report(start, InstanceState.HEALTHY, null);
			}
			case StopInstance stop -> messages(StartInstance.class).stream()
				.filter(s -> s.instanceId().equals(stop.instanceId()))
				.findFirst()
				.ifPresent(start -> report(start, InstanceState.STOPPED, stop.reason()));
			default -> {
			}
		}
	}

	private void report(StartInstance start, InstanceState state, String reason) {
		send(TopicNames.INSTANCE_STATUS, start.instanceId().value(), new InstanceStatusChanged(start.instanceId(),
				start.deploymentId(), start.nodeId(), start.app(), start.service(), state,
				(state == InstanceState.HEALTHY) ? "127.0.0.1:" + (20000 + Math.abs(start.instanceId().hashCode() % 9000)) : null,
				null, null, reason, 0, Instant.now()));
	}

	private DeploymentRequested request(DeploymentId id, ServiceSpec service) {
		return new DeploymentRequested(id, AppId.of("healing"), "1.0.0", "anonymous", "apps/healing/1.0.0/app.zip", null,
				service.name(), AppAccess.PUBLIC, List.of(service), null, Map.of(service.name(), service.instances().min()),
				List.of(), Map.of());
	}

	private static ServiceSpec service(String name, int instances) {
		return new ServiceSpec(name, RuntimeKind.PYTHON, List.of(), true, "/health", Map.of("THRESHOLD", "30"),
				new Resources(0.1, 64), new InstanceBounds(instances, Math.max(instances, 3)), SensorDelivery.NONE);
	}

	private List<StartInstance> starts(DeploymentId id) {
		return messages(StartInstance.class).stream().filter(s -> s.deploymentId().equals(id)).toList();
	}

	private Instant seenAt(Message message) {
		return this.seen.stream().filter(s -> s.message() == message).findFirst().orElseThrow().at();
	}

	private void awaitStatus(DeploymentId id, DeploymentState state) {
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id).contains(state));
	}

	private DeploymentStatusChanged lastStatus(DeploymentId id) {
		return messages(DeploymentStatusChanged.class).stream()
			.filter(s -> s.deploymentId().equals(id))
			.reduce((a, b) -> b)
			.orElseThrow();
	}

	private List<DeploymentState> statuses(DeploymentId id) {
		return messages(DeploymentStatusChanged.class).stream()
			.filter(s -> s.deploymentId().equals(id))
			.map(DeploymentStatusChanged::status)
			.toList();
	}

	private <T> List<T> messages(Class<T> type) {
		return this.seen.stream().map(Seen::message).filter(type::isInstance).map(type::cast).toList();
	}

	private void send(String topic, String key, Message message) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(Envelope.of("test", null, message)))).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Seen(Message message, Instant at) {

	}

}
