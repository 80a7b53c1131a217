package io.iotp.sensormanager.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.support.KafkaHeaders;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;

/**
 * Asks sensor-manager to bind as the deployer does ({@code sensor-binding-request} with
 * Spring Kafka's reply headers) and collects its answers from
 * {@code sensor-binding-response} on a thread of its own.
 */
public final class BindingReplies implements AutoCloseable {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final Map<String, SensorBindingResponse> replies = new ConcurrentHashMap<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread reader;

	/** Starts reading the answers; returns once the reader has its partitions. */
	public BindingReplies(String bootstrapServers) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"replies-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		consumer.subscribe(List.of(TopicNames.SENSOR_BINDING_RESPONSE));
		AtomicBoolean assigned = new AtomicBoolean();
		this.reader = Thread.ofVirtual().start(() -> {
			try (consumer) {
				while (this.running.get()) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
						if (this.codec.decode(record.value()).payload() instanceof SensorBindingResponse response) {
							this.replies.put(response.requestId(), response);
						}
					}
					assigned.set(!consumer.assignment().isEmpty());
				}
			}
		});
		await().atMost(Duration.ofSeconds(10)).untilTrue(assigned);
	}

	/**
	 * Sends the request as the deployer would have at {@code sentAt} (the envelope's
	 * time) and awaits the answer.
	 */
	public SensorBindingResponse ask(KafkaProducer<String, byte[]> producer, SensorBindingRequest request,
			Instant sentAt, Duration within) {
		Envelope<SensorBindingRequest> envelope = new Envelope<>(UUID.randomUUID().toString(), "sensor-binding-request",
				"deployer", sentAt, null, request);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TopicNames.SENSOR_BINDING_REQUEST,
				request.deploymentId().value(), this.codec.encode(envelope));
		record.headers()
			.add(KafkaHeaders.REPLY_TOPIC, TopicNames.SENSOR_BINDING_RESPONSE.getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(KafkaHeaders.CORRELATION_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		producer.send(record);
		await().atMost(within).until(() -> this.replies.containsKey(request.requestId()));
		return this.replies.get(request.requestId());
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.reader.join();
	}

}
