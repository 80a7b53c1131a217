package io.iotp.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;

/**
 * Reads one topic from the beginning, as a consumer of it would, remembering what came.
 */
public final class KafkaProbe implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final List<Received> received = new ArrayList<>();

	public KafkaProbe(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		// every partition assigned directly: no consumer group to join, so no rebalance
		// delay
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((partition) -> new TopicPartition(topic, partition.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/**
	 * Polls briefly and returns the payloads keyed {@code key} received so far, oldest
	 * first.
	 */
	public List<Message> keyed(String key) {
		return received(key).stream().map(Received::payload).toList();
	}

	/**
	 * Polls briefly and returns the messages keyed {@code key} received so far, oldest
	 * first.
	 */
	public List<Received> received(String key) {
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
			this.received.add(new Received(record.key(), this.codec.decode(record.value()), Instant.now()));
		}
		return this.received.stream().filter((message) -> key.equals(message.key())).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/**
	 * A message as the probe received it.
	 *
	 * @param key its key
	 * @param envelope the message
	 * @param receivedAt when the probe got it
	 */
	public record Received(String key, Envelope<Message> envelope, Instant receivedAt) {

		public Message payload() {
			return this.envelope.payload();
		}

	}

}
