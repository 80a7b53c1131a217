package io.iotp.sensormanager.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.serializer.DeserializationException;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.WrongTopicException;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.binding.BindingIndex;
import io.iotp.starter.kafka.SkippedRecords;

/**
 * The readings of one binding topic polled and not delivered yet, oldest first. A batch
 * is due when {@code maxBatch} readings wait or its first reading has waited
 * {@code maxDelay}. Fetching pauses while a full batch waits, so at most one batch plus
 * one poll is held. Used by the worker's thread only.
 */
final class ReadingBatcher {

	private final BindingIndex.HttpTarget target;

	private final DeliveryProperties properties;

	private final EnvelopeCodec codec;

	private final SkippedRecords skippedRecords;

	private final Deque<PendingReading> buffer = new ArrayDeque<>();

	private long batchStartedAt = -1;

	ReadingBatcher(BindingIndex.HttpTarget target, DeliveryProperties properties, EnvelopeCodec codec,
			SkippedRecords skippedRecords) {
		this.target = target;
		this.properties = properties;
		this.codec = codec;
		this.skippedRecords = skippedRecords;
	}

	/**
	 * Polls; pauses fetching while a full batch waits.
	 * @return how many records the poll returned
	 */
	int fill(KafkaConsumer<String, byte[]> kafka, Duration timeout) {
		Set<TopicPartition> assigned = kafka.assignment();
		if (this.buffer.size() >= this.properties.maxBatch()) {
			kafka.pause(assigned);
		}
		else {
			kafka.resume(kafka.paused());
		}
		ConsumerRecords<String, byte[]> records = kafka.poll(timeout);
		for (ConsumerRecord<String, byte[]> record : records) {
			SensorReading reading = decode(record);
			if (reading != null) {
				if (this.buffer.isEmpty()) {
					this.batchStartedAt = System.nanoTime();
				}
				this.buffer.add(new PendingReading(new TopicPartition(record.topic(), record.partition()),
						record.offset(), reading));
			}
		}
		return records.count();
	}

	/**
	 * The reading in the record; null for anything else, reported to
	 * {@link SkippedRecords}. There is nothing to deliver then, but the record's offset
	 * still moves on with the next commit.
	 */
	private @Nullable SensorReading decode(ConsumerRecord<String, byte[]> record) {
		Envelope<Message> envelope;
		try {
			envelope = this.codec.decode(record.value());
		}
		catch (RuntimeException ex) {
			this.skippedRecords.skip(record, new DeserializationException("not a readable envelope: " + ex.getMessage(),
					record.value(), false, ex));
			return null;
		}
		if (envelope.payload() instanceof SensorReading reading) {
			return reading;
		}
		this.skippedRecords.skip(record, new WrongTopicException(
				Topics.appSensorData(this.target.app(), this.target.service()), envelope.type()));
		return null;
	}

	/** How long the next poll may wait without holding up a batch that is due. */
	Duration pollTimeout() {
		if (this.buffer.isEmpty()) {
			return Duration.ofMillis(200);
		}
		long left = this.properties.maxDelay().toNanos() - (System.nanoTime() - this.batchStartedAt);
		return Duration.ofNanos(Math.max(0, left));
	}

	boolean due() {
		return !this.buffer.isEmpty() && (this.buffer.size() >= this.properties.maxBatch()
				|| System.nanoTime() - this.batchStartedAt >= this.properties.maxDelay().toNanos());
	}

	/**
	 * The oldest readings, at most {@code maxBatch}; they stay here until
	 * {@link #removeFirst} drops them.
	 */
	List<PendingReading> nextBatch() {
		return new ArrayList<>(this.buffer.stream().limit(this.properties.maxBatch()).toList());
	}

	/**
	 * Drops the batch taken by {@link #nextBatch} once it was delivered; what waits
	 * behind it starts the next.
	 */
	void removeFirst(int count) {
		for (int i = 0; i < count; i++) {
			this.buffer.pollFirst();
		}
		this.batchStartedAt = System.nanoTime();
	}

	/**
	 * Drops the readings of partitions no longer ours: their new owner reads them from
	 * the committed offsets.
	 */
	void drop(Collection<TopicPartition> partitions) {
		this.buffer.removeIf((pending) -> partitions.contains(pending.partition()));
	}

}
