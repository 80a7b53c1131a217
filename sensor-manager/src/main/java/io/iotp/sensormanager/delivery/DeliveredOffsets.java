package io.iotp.sensormanager.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.sensormanager.binding.BindingIndex;

/**
 * Offsets of delivered readings not committed yet. Commits go out at most every
 * {@code commitInterval}: every commit is a write to the broker's offsets log, and one
 * per POST was a good part of Kafka's work at thousands of readings per second. A crash
 * delivers at most one interval's readings again (at least once). Used by the worker's
 * thread only.
 */
final class DeliveredOffsets {

	// the category of everything a delivery worker logs, wherever in the package it is
	// logged
	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

	/** How soon a commit goes out. */
	enum Urgency {

		/**
		 * Once the commit interval has passed since the last one, without waiting for the
		 * broker.
		 */
		WHEN_DUE,

		/**
		 * At once, without waiting for the broker: the stream paused, so nothing else
		 * will commit soon.
		 */
		NOW,

		/**
		 * At once, waiting for the broker: on stop and before partitions move, before
		 * anyone reads on.
		 */
		NOW_AND_WAIT

	}

	private final BindingIndex.HttpTarget target;

	private final long intervalNanos;

	private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

	private final OffsetCommitCallback onCommitted;

	private long lastCommitAt = System.nanoTime();

	DeliveredOffsets(BindingIndex.HttpTarget target, DeliveryProperties properties) {
		this.target = target;
		this.intervalNanos = properties.commitInterval().toNanos();
		this.onCommitted = (committed, ex) -> {
			if (ex != null) {
				log.warn("[deployment {}] commit after delivery failed, readings may be delivered again: {}",
						target.deploymentId(), ex.getMessage());
			}
		};
	}

	/**
	 * Notes the batch's readings as delivered: their offsets go out with the next commit.
	 */
	void delivered(Collection<PendingReading> batch) {
		for (PendingReading pending : batch) {
			this.offsets.merge(pending.partition(), new OffsetAndMetadata(pending.offset() + 1),
					(a, b) -> (a.offset() >= b.offset()) ? a : b);
		}
	}

	/**
	 * Commits what was delivered, if anything, as soon as {@code urgency} says. Without
	 * waiting for the broker the next batch need not wait for its answer: a commit that
	 * fails only means the readings come again, never that they get lost.
	 */
	void commit(KafkaConsumer<String, byte[]> kafka, Urgency urgency) {
		if (this.offsets.isEmpty()
				|| (urgency == Urgency.WHEN_DUE && System.nanoTime() - this.lastCommitAt < this.intervalNanos)) {
			return;
		}
		if (urgency == Urgency.NOW_AND_WAIT) {
			try {
				kafka.commitSync(Map.copyOf(this.offsets), COMMIT_TIMEOUT);
			}
			catch (RuntimeException ex) {
				log.warn("[deployment {}] commit of delivered readings failed, they may be delivered again: {}",
						this.target.deploymentId(), ex.toString());
			}
		}
		else {
			kafka.commitAsync(Map.copyOf(this.offsets), this.onCommitted);
			this.lastCommitAt = System.nanoTime();
		}
		this.offsets.clear();
	}

	/**
	 * Partitions lost to another member: a commit for them would be refused, their
	 * readings come again there.
	 */
	void forget(Collection<TopicPartition> partitions) {
		this.offsets.keySet().removeAll(partitions);
	}

}
