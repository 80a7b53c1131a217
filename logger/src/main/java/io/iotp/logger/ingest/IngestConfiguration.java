package io.iotp.logger.ingest;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.iotp.starter.kafka.SkippedRecords;

/**
 * The batch listener container for log lines, configured like the platform's default one
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	static final String FACTORY = "logBatchListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> logBatchListenerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			IngestProperties properties, SkippedRecords skippedRecords) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		factory.setConcurrency(properties.concurrency());
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.maxPollRecords()));
		overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(properties.fetchMinBytes()));
		overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(properties.fetchMaxWait().toMillis()));
		overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
				String.valueOf(properties.maxPartitionFetchBytes()));
		factory.getContainerProperties().setKafkaConsumerProperties(overrides);
		// The store being away is retried with growing pauses; only a batch failing for
		// minutes is skipped.
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
		backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
		factory.setCommonErrorHandler(new DefaultErrorHandler(skippedRecords.recoverer(), backOff));
		return factory;
	}

}
