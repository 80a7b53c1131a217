package io.iotp.bootstrapper.infra;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.iotp.contracts.Topics;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;

/**
 * The heartbeat of an infrastructure process, so the failure detector watches the store
 * and the directory like any other component. Sends are fire-and-forget: while Kafka is
 * away they fail quietly and resume when it is back.
 */
final class InfraHeartbeat implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final ScheduledExecutorService executor;

	private final Heartbeat heartbeat;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	/**
	 * @param kafkaClientFile the component's Kafka client settings (bootstrap servers and
	 * login), as {@code iotp up} writes them
	 */
	InfraHeartbeat(String componentId, Path kafkaClientFile, String version) throws IOException {
		Properties config = new Properties();
		try (Reader reader = Files.newBufferedReader(kafkaClientFile)) {
			config.load(reader);
		}
		// Not idempotent: this starts beside the broker, before iotp up has given it its
		// login, and an idempotent producer whose first login failed never sends again.
		// A lost or doubled heartbeat is harmless.
		config.putAll(Map.of(ProducerConfig.CLIENT_ID_CONFIG, componentId, ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
		this.heartbeat = new Heartbeat(componentId, ComponentKind.INFRASTRUCTURE,
				componentId + "-" + UUID.randomUUID().toString().substring(0, 8), hostName(),
				ProcessHandle.current().pid(), version, HeartbeatStatus.UP, Instant.now(), null);
		this.executor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name(componentId + "-heartbeat").daemon(true).factory());
		this.executor.scheduleAtFixedRate(this::send, 0, 1, TimeUnit.SECONDS);
	}

	private void send() {
		try {
			this.producer.send(new ProducerRecord<>(Topics.HEARTBEAT.name(), this.heartbeat.componentId(),
					this.codec.encode(Envelope.of(this.heartbeat.componentId(), null, this.heartbeat))));
		}
		catch (RuntimeException ex) {
			// Kafka not reachable yet (or any more): the next tick tries again.
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		this.producer.close(java.time.Duration.ofSeconds(1));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
