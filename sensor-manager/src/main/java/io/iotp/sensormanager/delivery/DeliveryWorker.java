package io.iotp.sensormanager.delivery;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.sensormanager.binding.BindingIndex;
import io.iotp.sensormanager.delivery.DeliveredOffsets.Urgency;
import io.iotp.sensormanager.delivery.InstancePoster.Outcome;
import io.iotp.starter.kafka.SkippedRecords;

/**
 * Delivers one binding topic to the instances of its service: reads it with a consumer of
 * its own, POSTs JSON arrays of at most {@code maxBatch} readings (sent at the latest
 * {@code maxDelay} after the first reading of a batch arrived; by default as soon as no
 * POST is out; see {@link ReadingBatcher}) to {@code <instance>/sensor-data}
 * ({@link InstancePoster}), and commits a batch's offsets only after a 2xx (at most every
 * {@code commitInterval}, and before partitions move or the worker stops; see
 * {@link DeliveredOffsets}). A failed POST is retried with exponential back-off, each
 * time at the next instance; meanwhile the consumer is paused but keeps polling, so it
 * stays in its group and fetches nothing. A batch an instance refuses for good (4xx) is
 * split until the reading it cannot take is found and skipped. Memory is bounded: at most
 * one batch waits, plus one poll.
 * <p>
 * The consumer group is per binding run
 * ({@code sensor-manager-delivery-<deployment>-<service>-<bound
 * at>}), and a partition without a committed offset starts where the topic stood when the
 * binding began: readings of an earlier deployment of the app are never delivered to this
 * one. Replicas of sensor-manager share the partitions through that group.
 */
final class DeliveryWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final BindingIndex.HttpTarget target;

	private final DeliveryProperties properties;

	private final Map<String, Object> consumerProperties;

	private final ReadingBatcher batcher;

	private final InstancePoster poster;

	private final DeliveredOffsets offsets;

	private volatile boolean running = true;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private Thread thread;

	/**
	 * Bumped when partitions are revoked: a batch in flight for them must not be
	 * committed.
	 */
	private int generation;

	DeliveryWorker(BindingIndex.HttpTarget target, InstanceDirectory instances, DeliveryProperties properties,
			Map<String, Object> consumerProperties, EnvelopeCodec codec, SkippedRecords skippedRecords,
			HttpClient http) {
		this.target = target;
		this.properties = properties;
		this.consumerProperties = new HashMap<>(consumerProperties);
		this.batcher = new ReadingBatcher(target, properties, codec, skippedRecords);
		this.poster = new InstancePoster(target, instances, properties, http);
		this.offsets = new DeliveredOffsets(target, properties);
	}

	BindingIndex.HttpTarget target() {
		return this.target;
	}

	void start() {
		Map<String, Object> config = this.consumerProperties;
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "sensor-manager-delivery-" + this.target.deploymentId() + "-"
				+ this.target.service() + "-" + this.target.boundAt().toEpochMilli());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.properties.maxBatch());
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, this.properties.fetchMaxBytes());
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
				Math.min(this.properties.fetchMaxBytes(), 1024 * 1024));
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "delivery-" + this.target.topic());
		config.remove("spring.deserializer.value.delegate.class");
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.thread = Thread.ofPlatform().name("delivery-" + this.target.topic()).daemon().start(this::run);
	}

	/**
	 * Whether its thread still runs (it ends on an unexpected failure, and is then
	 * started anew).
	 */
	boolean alive() {
		return this.thread != null && this.thread.isAlive();
	}

	/** Stops delivering; what was not acknowledged stays uncommitted in Kafka. */
	void stop() {
		this.running = false;
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		if (this.thread != null) {
			try {
				this.thread.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		MDC.put("deploymentId", this.target.deploymentId());
		MDC.put("app", this.target.app());
		try (KafkaConsumer<String, byte[]> kafka = this.consumer) {
			kafka.subscribe(List.of(this.target.topic()), new Rebalance(kafka));
			try {
				while (this.running) {
					boolean quiet = this.batcher.fill(kafka, this.batcher.pollTimeout()) == 0;
					if (this.batcher.due()) {
						deliverNextBatch(kafka);
					}
					this.offsets.commit(kafka, quiet ? Urgency.NOW : Urgency.WHEN_DUE);
				}
			}
			catch (WakeupException ex) {
				// stopped
			}
			this.offsets.commit(kafka, Urgency.NOW_AND_WAIT);
		}
		catch (RuntimeException ex) {
			log.error("[deployment {}] delivery of {} stopped: {}", this.target.deploymentId(), this.target.topic(),
					ex.toString(), ex);
		}
		finally {
			MDC.clear();
		}
	}

	private void deliverNextBatch(KafkaConsumer<String, byte[]> kafka) {
		List<PendingReading> batch = this.batcher.nextBatch();
		if (deliver(kafka, batch, this.generation)) {
			this.offsets.delivered(batch);
			this.offsets.commit(kafka, Urgency.WHEN_DUE);
			this.batcher.removeFirst(batch.size());
		}
	}

	/**
	 * POSTs the batch until an instance takes it. An instance that refuses it for good (a
	 * 4xx other than 408 and 429) gets its halves separately, so one reading it cannot
	 * use does not hold up the rest; a single refused reading is skipped with a warning.
	 * @return true when delivered (or skipped), false when stopped or the partitions
	 * moved meanwhile
	 */
	private boolean deliver(KafkaConsumer<String, byte[]> kafka, List<PendingReading> batch, int startedIn) {
		byte[] body = this.poster.body(batch);
		Duration backoff = this.properties.initialBackoff();
		for (int attempt = 1; this.running; attempt++) {
			Outcome outcome = this.poster.post(body, batch.size(), attempt);
			if (outcome == Outcome.DELIVERED) {
				return true;
			}
			if (outcome == Outcome.REFUSED) {
				if (batch.size() == 1) {
					log.warn("[deployment {}] reading {} refused by an instance of {}/{} (4xx): skipped",
							this.target.deploymentId(), batch.getFirst().reading().id(), this.target.app(),
							this.target.service());
					return true;
				}
				int half = batch.size() / 2;
				return deliver(kafka, batch.subList(0, half), startedIn)
						&& deliver(kafka, batch.subList(half, batch.size()), startedIn);
			}
			if (outcome == Outcome.INTERRUPTED) {
				this.running = false;
			}
			// Back off without leaving the group: paused partitions return nothing from
			// poll.
			kafka.pause(kafka.assignment());
			this.batcher.fill(kafka, backoff);
			kafka.pause(kafka.assignment());
			if (this.generation != startedIn) {
				// partitions moved: their readings are re-read from the committed offsets
				return false;
			}
			backoff = backoff.multipliedBy(2);
			if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
				backoff = this.properties.maxBackoff();
			}
		}
		return false;
	}

	/**
	 * Drops what was buffered for revoked partitions, and starts new ones where the
	 * binding began.
	 */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final KafkaConsumer<String, byte[]> kafka;

		Rebalance(KafkaConsumer<String, byte[]> kafka) {
			this.kafka = kafka;
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			drop(partitions);
			DeliveryWorker.this.offsets.commit(this.kafka, Urgency.NOW_AND_WAIT);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			drop(partitions);
			// no longer ours: a commit would be refused; their readings come again to
			// whoever has them now
			DeliveryWorker.this.offsets.forget(partitions);
		}

		private void drop(Collection<TopicPartition> partitions) {
			DeliveryWorker.this.generation++;
			DeliveryWorker.this.batcher.drop(partitions);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			Map<TopicPartition, OffsetAndMetadata> committed = this.kafka.committed(Set.copyOf(partitions));
			for (TopicPartition partition : partitions) {
				Long start = DeliveryWorker.this.target.startOffsets().get(partition.partition());
				if (committed.get(partition) == null && start != null) {
					this.kafka.seek(partition, start);
				}
			}
		}

	}

}
