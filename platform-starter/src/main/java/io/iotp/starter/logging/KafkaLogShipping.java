package io.iotp.starter.logging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.iotp.starter.PlatformIdentity;

/**
 * Attaches the {@link KafkaLogAppender} to the root logger while the application runs.
 * The appender has a producer of its own, so log shipping neither waits for nor disturbs
 * the service's producer.
 */
public class KafkaLogShipping implements SmartLifecycle {

	private final Map<String, Object> producerProperties;

	private final PlatformIdentity identity;

	private @Nullable Producer<String, byte[]> producer;

	private @Nullable KafkaLogAppender appender;

	public KafkaLogShipping(Map<String, Object> kafkaProducerProperties, PlatformIdentity identity) {
		Map<String, Object> properties = new HashMap<>(kafkaProducerProperties);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.put(ProducerConfig.CLIENT_ID_CONFIG, identity.componentId() + "-logs");
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerProperties = Map.copyOf(properties);
		this.identity = identity;
	}

	@Override
	public synchronized void start() {
		this.producer = new KafkaProducer<>(this.producerProperties);
		KafkaLogAppender kafkaAppender = new KafkaLogAppender(this.producer, this.identity);
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		kafkaAppender.setContext(context);
		kafkaAppender.start();
		rootLogger(context).addAppender(kafkaAppender);
		this.appender = kafkaAppender;
	}

	@Override
	public synchronized void stop() {
		if (this.appender != null) {
			rootLogger((LoggerContext) LoggerFactory.getILoggerFactory()).detachAppender(this.appender);
			this.appender.stop();
			this.appender = null;
		}
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(2));
			this.producer = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.appender != null;
	}

	/** Starts early and stops late, so start-up and shutdown lines are shipped too. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	private static Logger rootLogger(LoggerContext context) {
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
