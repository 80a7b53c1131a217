package io.iotp.sensormanager.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.binding.BindingIndex;

/**
 * Forwards every reading of a bound sensor from {@code sensor-data} to the topic of each
 * binding it is in, keyed by sensor id. The record is forwarded as it is (bytes and
 * headers): the key names the sensor, so a reading is decoded only when one of its routes
 * has ended (to compare its {@code receivedAt} with the end), and the envelope id stays
 * the de-duplication key.
 * <p>
 * At least once: a batch's offsets are committed (at most every 100 ms) only after Kafka
 * acknowledged every forward of it; a batch that cannot be forwarded is retried with
 * back-off for as long as it takes, never skipped. The consumer and producer are the
 * router's own (bytes in, bytes out), so they are not beans that would replace the ones
 * Boot configures for the rest of the service.
 */
@Component
class ReadingRouter implements SmartLifecycle {

	static final String GROUP_ID = "sensor-manager-router";

	private static final Logger log = LoggerFactory.getLogger(ReadingRouter.class);

	private static final long SEND_TIMEOUT_SECONDS = 30;

	private static final long COMMIT_INTERVAL_MS = 100;

	private final BindingIndex index;

	private final EnvelopeCodec codec;

	private final DefaultKafkaProducerFactory<String, byte[]> producers;

	private final KafkaTemplate<String, byte[]> kafka;

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	ReadingRouter(BindingIndex index, EnvelopeCodec codec, KafkaProperties properties) {
		this.index = index;
		this.codec = codec;
		this.producers = new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(), new StringSerializer(),
				new ByteArraySerializer());
		this.kafka = new KafkaTemplate<>(this.producers);
		Map<String, Object> consumer = properties.buildConsumerProperties();
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
		consumer.remove("spring.deserializer.value.delegate.class");
		ContainerProperties container = new ContainerProperties(Topics.SENSOR_DATA.name());
		container.setGroupId(GROUP_ID);
		container.setMessageListener((BatchMessageListener<String, byte[]>) this::route);
		// Offsets are committed at most every 100 ms, not after every batch: each commit
		// is a write to the
		// broker's offsets log, and with a commit per small batch the group coordinator
		// was a fifth of Kafka's
		// CPU at 5,000 readings/s. A crash then forwards up to 100 ms of readings again
		// (at least once).
		container.setAckMode(ContainerProperties.AckMode.TIME);
		container.setAckTime(COMMIT_INTERVAL_MS);
		container.setSyncCommits(false);
		this.container = new ConcurrentMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
				container);
		this.container.setBeanName("reading-router");
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		this.container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
	}

	void route(List<ConsumerRecord<String, byte[]>> records) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			if (record.key() == null || record.value() == null) {
				continue;
			}
			List<BindingIndex.Route> routes = this.index.routesOf(record.key());
			if (routes.isEmpty()) {
				continue;
			}
			Instant receivedAt = null;
			for (BindingIndex.Route route : routes) {
				if (route.endedAt() != null) {
					receivedAt = (receivedAt != null) ? receivedAt : receivedAt(record);
					if (receivedAt == null || !route.accepts(receivedAt)) {
						continue;
					}
				}
				sends.add(this.kafka
					.send(new ProducerRecord<>(route.topic(), null, record.key(), record.value(), record.headers())));
			}
		}
		if (sends.isEmpty()) {
			return;
		}
		// the batch is complete: no point waiting for the producer's linger
		this.kafka.flush();
		try {
			// Throwing makes the container retry the whole batch: duplicates, never gaps.
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("forwarding {} reading(s) failed, the batch is retried: {}", sends.size(), ex.toString());
			throw new IllegalStateException("forwarding readings failed", ex);
		}
	}

	private @Nullable Instant receivedAt(ConsumerRecord<String, byte[]> record) {
		try {
			return (this.codec.decode(record.value()).payload() instanceof SensorReading reading) ? reading.receivedAt()
					: null;
		}
		catch (RuntimeException ex) {
			return null; // not a reading: nothing to route
		}
	}

	@Override
	public void start() {
		this.container.start();
	}

	@Override
	public void stop() {
		this.container.stop();
		this.producers.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
	}

	@Override
	public int getPhase() {
		// with the Kafka listeners, after the binding index was loaded
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
