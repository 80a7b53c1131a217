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
 * The deployer against a real Kafka broker and the MongoDB wire protocol, with node-manager and a node
 * agent played by the test over their real topics: a service named {@code bad} fails on start, one
 * named {@code silent} never reports, everything else becomes healthy.
 */
@SpringBootTest(properties = { "spring.application.name=deployer", "iotp.deployer.startup-deadline=3s",
		"iotp.deployer.duration-unit=1s", "iotp.deployer.sweep-interval=200ms", "iotp.gateway-url=http://gw.test:8080" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.GET_NODE_REQUEST,
				TopicNames.BEST_NODE_RESPONSE, TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS, TopicNames.REGISTER_SERVICE,
				TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
class DeployerIT {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

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

	private final List<Message> seen = new CopyOnWriteArrayList<>();

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
						this.seen.add(message);
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
	void placesEveryInstanceRegistersTheHealthyOnesRunsAndStopsOnRequest() {
		DeploymentId id = DeploymentId.random();
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, null, service("web", true, 2), service("worker", false, 1)));

		DeploymentStatusChanged running = awaitStatus(id, DeploymentState.RUNNING);
		assertThat(running.url()).isEqualTo("http://gw.test:8080/apps/demo/");
		assertThat(running.instances()).hasSize(3).allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.HEALTHY));
		List<StartInstance> starts = messages(StartInstance.class).stream().filter(s -> s.deploymentId().equals(id)).toList();
		assertThat(starts).hasSize(3);
		assertThat(starts.getFirst().env()).containsEntry("IOTP_APP", "demo")
			.containsEntry("IOTP_SENSORS", "[]")
			.containsEntry("IOTP_API_URL", "http://gw.test:8080")
			.containsEntry("THRESHOLD", "30")
			.containsKey("IOTP_INSTANCE_ID")
			.doesNotContainKey("IOTP_API_TOKEN"); // no sensors asked for: not bound, no app token
		List<ServiceRegistered> registered = messages(ServiceRegistered.class).stream()
			.filter(r -> r.deploymentId().equals(id))
			.toList();
		assertThat(registered).hasSize(2).allSatisfy(r -> {
			assertThat(r.service()).isEqualTo("web");
			assertThat(r.entry()).isTrue();
			assertThat(r.url()).startsWith("http://127.0.0.1:");
		});

		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), new StopDeployment(id, "asked by the test"));

		awaitStatus(id, DeploymentState.STOPPED);
		assertThat(statuses(id)).contains(DeploymentState.DEPLOYING, DeploymentState.RUNNING, DeploymentState.STOPPING,
				DeploymentState.STOPPED);
		assertThat(messages(StopInstance.class).stream().filter(s -> starts.stream().anyMatch(st -> st.instanceId().equals(s.instanceId()))))
			.hasSize(3);
		assertThat(messages(ServiceDeregistered.class).stream().filter(d -> d.deploymentId().equals(id))).hasSize(2);
	}

	@Test
	void aFailingInstanceFailsTheDeploymentWithItsReasonAndStopsTheOthers() {
		DeploymentId id = DeploymentId.random();
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, null, service("web", true, 1), service("bad", true, 1)));

		DeploymentStatusChanged failed = awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.reason()).contains("service bad failed").contains("boom: exited with code 3");
		assertThat(failed.errorCode()).isEqualTo("deployment.start-failed");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages(StopInstance.class).stream()
			.filter(s -> messages(StartInstance.class).stream()
				.anyMatch(st -> st.deploymentId().equals(id) && st.service().equals("web") && st.instanceId().equals(s.instanceId()))))
			.isNotEmpty());
		assertThat(statuses(id)).doesNotContain(DeploymentState.RUNNING);
	}

	@Test
	void anInstanceThatNeverBecomesHealthyFailsAtTheDeadline() {
		DeploymentId id = DeploymentId.random();
		send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, null, service("silent", true, 1)));

		DeploymentStatusChanged failed = awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.reason()).contains("not every instance was healthy within 3 s").contains("(silent) PENDING");
		assertThat(failed.errorCode()).isEqualTo("deployment.health-timeout");
	}

	@Test
	void aRunStopsByItselfAtTheEndOfItsDurationAndARedeliveredRequestIsIgnored() {
		DeploymentId id = DeploymentId.random();
		Envelope<Message> envelope = Envelope.of("test", null, request(id, 2, service("web", true, 1)));
		sendEnvelope(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), envelope);
		sendEnvelope(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), envelope);

		awaitStatus(id, DeploymentState.RUNNING);
		awaitStatus(id, DeploymentState.STOPPED);

		assertThat(messages(StartInstance.class).stream().filter(s -> s.deploymentId().equals(id))).hasSize(1);
	}

	private void answer(ConsumerRecord<String, byte[]> record, Message message) {
		switch (message) {
			case BestNodeRequest request -> {
				ProducerRecord<String, byte[]> reply = new ProducerRecord<>(TopicNames.BEST_NODE_RESPONSE, request.deploymentId().value(),
						this.codec.encode(Envelope.of("node-manager", null,
								BestNodeResponse.chosen(request.requestId(), request.deploymentId(), NodeId.of("n-test"), "127.0.0.1"))));
				Header correlation = record.headers().lastHeader(KafkaHeaders.CORRELATION_ID);
				reply.headers().add(KafkaHeaders.CORRELATION_ID, correlation.value());
				this.producer.send(reply);
			}
			case StartInstance start -> {
				if (start.service().equals("silent")) {
					return;
				}
				report(start, InstanceState.STARTING, null);
				if (start.service().equals("bad")) {
					report(start, InstanceState.FAILED, "boom: exited with code 3");
				}
				else {
					report(start, InstanceState.HEALTHY, null);
				}
			}
			case StopInstance stop -> {
				StartInstance start = messages(StartInstance.class).stream()
					.filter(s -> s.instanceId().equals(stop.instanceId()))
					.findFirst()
					.orElseThrow();
				report(start, InstanceState.STOPPED, stop.reason());
			}
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

	private DeploymentRequested request(DeploymentId id, Integer durationMinutes, ServiceSpec... services) {
		return new DeploymentRequested(id, AppId.of("demo"), "1.0.0", "anonymous", "apps/demo/1.0.0/app.zip", null,
				services[0].name(), AppAccess.PUBLIC, List.of(services), durationMinutes,
				Map.of(services[0].name(), services[0].instances().min()), List.of(), Map.of());
	}

	private static ServiceSpec service(String name, boolean http, int instances) {
		return new ServiceSpec(name, RuntimeKind.PYTHON, List.of(), http, http ? "/health" : null, Map.of("THRESHOLD", "30"),
				new Resources(0.1, 64), new InstanceBounds(instances, Math.max(instances, 3)), SensorDelivery.NONE);
	}

	private DeploymentStatusChanged awaitStatus(DeploymentId id, DeploymentState state) {
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id).contains(state));
		return messages(DeploymentStatusChanged.class).stream()
			.filter(s -> s.deploymentId().equals(id) && s.status() == state)
			.findFirst()
			.orElseThrow();
	}

	private List<DeploymentState> statuses(DeploymentId id) {
		return messages(DeploymentStatusChanged.class).stream()
			.filter(s -> s.deploymentId().equals(id))
			.map(DeploymentStatusChanged::status)
			.toList();
	}

	private <T> List<T> messages(Class<T> type) {
		return this.seen.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private void send(String topic, String key, Message message) {
		sendEnvelope(topic, key, Envelope.of("test", null, message));
	}

	private void sendEnvelope(String topic, String key, Envelope<?> envelope) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(envelope))).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
