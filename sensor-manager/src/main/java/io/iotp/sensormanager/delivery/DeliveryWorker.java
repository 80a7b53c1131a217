package io.iotp.sensormanager.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.binding.BindingIndex;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers one binding topic to the instances of its service: reads it with a consumer of its own,
 * POSTs JSON arrays of at most {@code maxBatch} readings (sent at the latest {@code maxDelay} after the
 * first reading of a batch arrived; by default as soon as no POST is out) to
 * {@code <instance>/sensor-data}, and commits a batch's offsets only after a 2xx (at most every
 * {@code commitInterval}, and before partitions move or the worker stops). A failed POST is retried with
 * exponential back-off, each time at the next instance;
 * meanwhile the consumer is paused but keeps polling, so it stays in its group and fetches nothing. A
 * batch an instance refuses for good (4xx) is split until the reading it cannot take is found and
 * skipped.
 * Memory is bounded: at most one batch waits, plus one poll.
 * <p>
 * The consumer group is per binding run ({@code sensor-manager-delivery-<deployment>-<service>-<bound
 * at>}), and a partition without a committed offset starts where the topic stood when the binding
 * began: readings of an earlier deployment of the app are never delivered to this one. Replicas of
 * sensor-manager share the partitions through that group.
 */
final class DeliveryWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/** A reading waiting for delivery, with where it came from. */
	private record Pending(TopicPartition partition, long offset, SensorReading reading) {

	}

	private final BindingIndex.HttpTarget target;

	private final InstanceDirectory instances;

	private final DeliveryProperties properties;

	private final Map<String, Object> consumerProperties;

	private final EnvelopeCodec codec;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Deque<Pending> buffer = new ArrayDeque<>();

	private volatile boolean running = true;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private Thread thread;

	/** Bumped when partitions are revoked: a batch in flight for them must not be committed. */
	private int generation;

	private long batchStartedAt = -1;

	/** Offsets of delivered readings not committed yet: commits go out at most every commit interval. */
	private final Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();

	private long lastCommitAt = System.nanoTime();

	private int nextInstance;

	DeliveryWorker(BindingIndex.HttpTarget target, InstanceDirectory instances, DeliveryProperties properties,
			Map<String, Object> consumerProperties, EnvelopeCodec codec, HttpClient http) {
		this.target = target;
		this.instances = instances;
		this.properties = properties;
		this.consumerProperties = new HashMap<>(consumerProperties);
		this.codec = codec;
		this.http = http;
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

	/** Whether its thread still runs (it ends on an unexpected failure, and is then started anew). */
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
					boolean quiet = fill(kafka, pollTimeout()) == 0;
					if (due()) {
						deliverNextBatch(kafka);
					}
					commitDelivered(kafka, quiet);
				}
			}
			catch (WakeupException ex) {
				// stopped
			}
			commitDeliveredNow(kafka);
		}
		catch (RuntimeException ex) {
			log.error("[deployment {}] delivery of {} stopped: {}", this.target.deploymentId(), this.target.topic(),
					ex.toString(), ex);
		}
		finally {
			MDC.clear();
		}
	}

	/**
	 * Polls; pauses fetching while a full batch waits.
	 *
	 * @return how many records the poll returned
	 */
	private int fill(KafkaConsumer<String, byte[]> kafka, Duration timeout) {
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
				this.buffer.add(new Pending(new TopicPartition(record.topic(), record.partition()), record.offset(),
						reading));
			}
			else {
				// Not a reading: nothing to deliver, but its offset must still move on with the next commit.
				log.warn("[deployment {}] skipped a record of {} at {}-{} that is not a reading",
						this.target.deploymentId(), this.target.topic(), record.partition(), record.offset());
			}
		}
		return records.count();
	}

	private SensorReading decode(ConsumerRecord<String, byte[]> record) {
		try {
			return (record.value() != null && this.codec.decode(record.value()).payload() instanceof SensorReading r)
					? r : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Duration pollTimeout() {
		if (this.buffer.isEmpty()) {
			return Duration.ofMillis(200);
		}
		long left = this.properties.maxDelay().toNanos() - (System.nanoTime() - this.batchStartedAt);
		return Duration.ofNanos(Math.max(0, left));
	}

	private boolean due() {
		return !this.buffer.isEmpty() && (this.buffer.size() >= this.properties.maxBatch()
				|| System.nanoTime() - this.batchStartedAt >= this.properties.maxDelay().toNanos());
	}

	private void deliverNextBatch(KafkaConsumer<String, byte[]> kafka) {
		List<Pending> batch = new ArrayList<>(this.buffer.stream().limit(this.properties.maxBatch()).toList());
		if (deliver(kafka, batch, this.generation)) {
			commit(kafka, batch);
			batch.forEach((pending) -> this.buffer.pollFirst());
			this.batchStartedAt = System.nanoTime();
		}
	}

	/**
	 * POSTs the batch until an instance takes it. An instance that refuses it for good (a 4xx other than
	 * 408 and 429) gets its halves separately, so one reading it cannot use does not hold up the rest;
	 * a single refused reading is skipped with a warning.
	 *
	 * @return true when delivered (or skipped), false when stopped or the partitions moved meanwhile
	 */
	private boolean deliver(KafkaConsumer<String, byte[]> kafka, List<Pending> batch, int startedIn) {
		byte[] body = this.json.writeValueAsBytes(batch.stream().map(Pending::reading).toList());
		Duration backoff = this.properties.initialBackoff();
		for (int attempt = 1; this.running; attempt++) {
			Outcome outcome = post(body, batch.size(), attempt);
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
			// Back off without leaving the group: paused partitions return nothing from poll.
			kafka.pause(kafka.assignment());
			fill(kafka, backoff);
			kafka.pause(kafka.assignment());
			if (this.generation != startedIn) {
				return false; // partitions moved: their readings are re-read from the committed offsets
			}
			backoff = backoff.multipliedBy(2);
			if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
				backoff = this.properties.maxBackoff();
			}
		}
		return false;
	}

	/** What became of one POST. */
	private enum Outcome {

		/** 2xx. */
		DELIVERED,

		/** A 4xx other than 408 and 429: sending the same again will not help. */
		REFUSED,

		/** No instance, no connection, a 5xx, 408 or 429: try again later, elsewhere. */
		FAILED

	}

	private Outcome post(byte[] body, int readings, int attempt) {
		List<String> urls = this.instances.urlsOf(this.target.app(), this.target.service());
		if (urls.isEmpty()) {
			if (attempt == 1 || attempt % 10 == 0) {
				log.info("[deployment {}] {} reading(s) for {}/{} wait: no instance registered (attempt {})",
						this.target.deploymentId(), readings, this.target.app(), this.target.service(), attempt);
			}
			return Outcome.FAILED;
		}
		String url = urls.get(Math.floorMod(this.nextInstance, urls.size()));
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(url + "/sensor-data"))
				.timeout(this.properties.requestTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			if (status / 100 == 2) {
				if (attempt > 1) {
					log.info("[deployment {}] {} reading(s) delivered to {} after {} attempts",
							this.target.deploymentId(), readings, url, attempt);
				}
				return Outcome.DELIVERED;
			}
			warn(url, "answered " + status, attempt);
			if (status / 100 == 4 && status != 408 && status != 429) {
				return Outcome.REFUSED;
			}
		}
		catch (java.io.IOException ex) {
			warn(url, ex.toString(), attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
		this.nextInstance++; // the next attempt goes to the next instance
		return Outcome.FAILED;
	}

	private void warn(String url, String what, int attempt) {
		if (attempt <= 3 || attempt % 10 == 0) {
			log.warn("[deployment {}] POST {}/sensor-data {} (attempt {})",
					this.target.deploymentId(), url, what, attempt);
		}
	}

	private void commit(KafkaConsumer<String, byte[]> kafka, Collection<Pending> batch) {
		for (Pending pending : batch) {
			this.delivered.merge(pending.partition(), new OffsetAndMetadata(pending.offset() + 1),
					(a, b) -> (a.offset() >= b.offset()) ? a : b);
		}
		commitDelivered(kafka, false);
	}

	/**
	 * Commits what was delivered once the commit interval has passed, or right away when nothing waits
	 * (the stream paused). Every commit is a write to the broker's offsets log: one per POST was a good
	 * part of Kafka's work at thousands of readings per second. A crash delivers at most one interval's
	 * readings again (at least once).
	 * <p>
	 * Asynchronous: the next batch need not wait for the broker's answer. A commit that fails only means the
	 * readings come again, never that they get lost.
	 */
	private void commitDelivered(KafkaConsumer<String, byte[]> kafka, boolean idle) {
		if (this.delivered.isEmpty()
				|| (!idle && System.nanoTime() - this.lastCommitAt < this.properties.commitInterval().toNanos())) {
			return;
		}
		kafka.commitAsync(Map.copyOf(this.delivered), (committed, ex) -> {
			if (ex != null) {
				log.warn("[deployment {}] commit after delivery failed, readings may be delivered again: {}",
						this.target.deploymentId(), ex.getMessage());
			}
		});
		this.delivered.clear();
		this.lastCommitAt = System.nanoTime();
	}

	/** On stop and before partitions move: what was delivered is committed before anyone reads on. */
	private void commitDeliveredNow(KafkaConsumer<String, byte[]> kafka) {
		if (this.delivered.isEmpty()) {
			return;
		}
		try {
			kafka.commitSync(Map.copyOf(this.delivered), Duration.ofSeconds(5));
		}
		catch (RuntimeException ex) {
			log.warn("[deployment {}] commit of delivered readings failed, they may be delivered again: {}",
					this.target.deploymentId(), ex.toString());
		}
		this.delivered.clear();
	}

	/** Drops what was buffered for revoked partitions, and starts new ones where the binding began. */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final KafkaConsumer<String, byte[]> kafka;

		Rebalance(KafkaConsumer<String, byte[]> kafka) {
			this.kafka = kafka;
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			drop(partitions);
			commitDeliveredNow(this.kafka);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			drop(partitions);
			// no longer ours: a commit would be refused; their readings come again to whoever has them now
			DeliveryWorker.this.delivered.keySet().removeAll(partitions);
		}

		private void drop(Collection<TopicPartition> partitions) {
			DeliveryWorker.this.generation++;
			DeliveryWorker.this.buffer.removeIf((pending) -> partitions.contains(pending.partition()));
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
