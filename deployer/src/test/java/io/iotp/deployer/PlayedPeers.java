package io.iotp.deployer;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;

/**
 * The deployer's peers (node-manager, node agents, sensor-manager) as a test plays them
 * over their real topics: what comes on the topics they {@link #listen} to is recorded,
 * with when it came, and handed to the test's answer, which replies through
 * {@link #reply}, {@link #report} or {@link #send}.
 */
final class PlayedPeers implements AutoCloseable {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final List<Seen> seen = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final String kafka;

	private final BiConsumer<ConsumerRecord<String, byte[]>, Message> answer;

	private final KafkaProducer<String, byte[]> producer;

	private @Nullable Thread reader;

	PlayedPeers(String kafka, BiConsumer<ConsumerRecord<String, byte[]>, Message> answer) {
		this.kafka = kafka;
		this.answer = answer;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
				new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * Reads {@code topics} from now on, on a thread of its own; returns once their
	 * partitions are assigned.
	 */
	void listen(String... topics) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka, ConsumerConfig.GROUP_ID_CONFIG,
						"peers-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		consumer.subscribe(List.of(topics));
		AtomicBoolean assigned = new AtomicBoolean();
		this.reader = Thread.ofVirtual().start(() -> {
			try (consumer) {
				while (this.running.get()) {
					ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
					assigned.set(!consumer.assignment().isEmpty());
					for (ConsumerRecord<String, byte[]> record : records) {
						Message message = this.codec.decode(record.value()).payload();
						this.seen.add(new Seen(message, Instant.now()));
						this.answer.accept(record, message);
					}
				}
			}
		});
		await().atMost(Duration.ofSeconds(10)).untilTrue(assigned);
	}

	/** Every message of {@code type} seen so far, oldest first. */
	<T> List<T> messages(Class<T> type) {
		return this.seen.stream().map(Seen::message).filter(type::isInstance).map(type::cast).toList();
	}

	/** When {@code message} (this very instance) was seen. */
	Instant seenAt(Message message) {
		return this.seen.stream().filter((s) -> s.message() == message).findFirst().orElseThrow().at();
	}

	/** The states the deployment has reported so far, in order. */
	List<DeploymentState> statuses(DeploymentId id) {
		return messages(DeploymentStatusChanged.class).stream()
			.filter((s) -> s.deploymentId().equals(id))
			.map(DeploymentStatusChanged::status)
			.toList();
	}

	/**
	 * Waits up to 20 s for the deployment to report {@code state}, and returns its first
	 * such report.
	 */
	DeploymentStatusChanged awaitStatus(DeploymentId id, DeploymentState state) {
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id).contains(state));
		return messages(DeploymentStatusChanged.class).stream()
			.filter((s) -> s.deploymentId().equals(id) && s.status() == state)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Answers a request on {@code topic}, correlated with it as the deployer's
	 * request-reply expects.
	 */
	void reply(ConsumerRecord<String, byte[]> request, String topic, String key, Message answer) {
		ProducerRecord<String, byte[]> reply = new ProducerRecord<>(topic, key,
				this.codec.encode(Envelope.of("peer", null, answer)));
		reply.headers()
			.add(KafkaHeaders.CORRELATION_ID, request.headers().lastHeader(KafkaHeaders.CORRELATION_ID).value());
		this.producer.send(reply);
	}

	/**
	 * Reports the instance {@code start} asked for in {@code state}, as its node agent
	 * would.
	 */
	void report(StartInstance start, InstanceState state, @Nullable String reason) {
		send(TopicNames.INSTANCE_STATUS, start.instanceId().value(),
				new InstanceStatusChanged(start.instanceId(), start.deploymentId(), start.nodeId(), start.app(),
						start.service(), state,
						(state == InstanceState.HEALTHY)
								? "127.0.0.1:" + (20000 + Math.abs(start.instanceId().hashCode() % 9000)) : null,
						null, null, reason, 0, Instant.now(), ExecutionMode.PROCESS));
	}

	void send(String topic, String key, Message message) {
		sendEnvelope(topic, key, Envelope.of("test", null, message));
	}

	void sendEnvelope(String topic, String key, Envelope<?> envelope) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(envelope))).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		if (this.reader != null) {
			this.reader.join();
		}
		this.producer.close();
	}

	private record Seen(Message message, Instant at) {

	}

}
