package io.iotp.nodeagent;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.NodeCommand;
import io.iotp.contracts.node.NodeHeartbeat;

/**
 * The test's side of Kafka: sends node commands as the deployer would, and records
 * everything agents publish (instance status, app logs, node heartbeats) on a thread of
 * its own.
 */
final class KafkaTap implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final KafkaConsumer<String, byte[]> consumer;

	private final KafkaProducer<String, byte[]> producer;

	private final List<Message> received = new CopyOnWriteArrayList<>();

	private final Thread poller;

	private volatile boolean closed;

	KafkaTap(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"tap-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(TopicNames.INSTANCE_STATUS, TopicNames.APP_LOGS, TopicNames.NODE_HEARTBEAT));
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer());
		this.poller = Thread.ofPlatform().name("kafka-tap").daemon(true).start(this::poll);
	}

	void send(NodeCommand command) {
		send(command, Envelope.of("test", null, command));
	}

	void send(NodeCommand command, Envelope<?> envelope) {
		try {
			this.producer
				.send(new ProducerRecord<>(TopicNames.NODE_COMMANDS, command.nodeId().value(),
						this.codec.encode(envelope)))
				.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException("could not send " + command, ex);
		}
	}

	List<InstanceStatusChanged> statuses(InstanceId id) {
		return this.received.stream()
			.filter(InstanceStatusChanged.class::isInstance)
			.map(InstanceStatusChanged.class::cast)
			.filter((status) -> status.instanceId().equals(id))
			.toList();
	}

	List<InstanceState> states(InstanceId id) {
		return statuses(id).stream().map(InstanceStatusChanged::state).toList();
	}

	long count(InstanceId id, InstanceState state) {
		return states(id).stream().filter(state::equals).count();
	}

	List<LogEntry> logs(InstanceId id) {
		return this.received.stream()
			.filter(LogEntry.class::isInstance)
			.map(LogEntry.class::cast)
			.filter((entry) -> entry.instanceId().equals(id.value()))
			.toList();
	}

	List<NodeHeartbeat> heartbeats(NodeId node) {
		return this.received.stream()
			.filter(NodeHeartbeat.class::isInstance)
			.map(NodeHeartbeat.class::cast)
			.filter((heartbeat) -> heartbeat.nodeId().equals(node))
			.toList();
	}

	/** Waits for the first status of the instance that matches. */
	InstanceStatusChanged awaitStatus(InstanceId id, Predicate<InstanceStatusChanged> match) {
		return await().atMost(TIMEOUT)
			.until(() -> statuses(id).stream().filter(match).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	InstanceStatusChanged awaitStatus(InstanceId id, InstanceState state) {
		return awaitStatus(id, (status) -> status.state() == state);
	}

	LogEntry awaitLog(InstanceId id, Predicate<LogEntry> match) {
		return await().atMost(TIMEOUT)
			.until(() -> logs(id).stream().filter(match).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private void poll() {
		try {
			while (!this.closed) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					this.received.add(this.codec.decode(record.value()).payload());
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.consumer.wakeup();
		this.poller.join(10_000);
		this.producer.close();
	}

}
