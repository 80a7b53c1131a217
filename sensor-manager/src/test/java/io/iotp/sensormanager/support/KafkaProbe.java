package io.iotp.sensormanager.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;

/** Reads one topic from the beginning, as a consumer of it would, remembering what came. */
public final class KafkaProbe implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final List<Received> received = new ArrayList<>();

	public KafkaProbe(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
		// every partition assigned directly: no consumer group to join, so no rebalance delay
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((partition) -> new TopicPartition(topic, partition.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Polls briefly and returns the payloads keyed {@code key} received so far, oldest first. */
	public List<Message> keyed(String key) {
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
			this.received.add(new Received(record.key(), this.codec.decode(record.value()).payload()));
		}
		return this.received.stream().filter((message) -> key.equals(message.key())).map(Received::payload).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	private record Received(String key, Message payload) {
	}

}
