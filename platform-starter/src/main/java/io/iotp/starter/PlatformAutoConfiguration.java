package io.iotp.starter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;

import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.starter.heartbeat.HeartbeatHealthIndicator;
import io.iotp.starter.heartbeat.HeartbeatPublisher;
import io.iotp.starter.kafka.CorrelationIdRecordInterceptor;
import io.iotp.starter.kafka.SkippedRecords;
import io.iotp.starter.logging.KafkaLogShipping;
import io.iotp.starter.logging.KafkaLogShipping;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The plumbing every platform service gets by depending on {@code platform-starter}. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

	@Bean
	PlatformIdentity platformIdentity(PlatformProperties properties, Environment environment) {
		String componentId = (properties.componentId() != null) ? properties.componentId()
				: environment.getProperty("spring.application.name", "iotp-service");
		return PlatformIdentity.of(componentId, properties.kind(), properties.version());
	}

	@Bean
	EnvelopeCodec envelopeCodec() {
		return new EnvelopeCodec();
	}

	/** Boot's listener container factory takes it when it is the only one. */
	@Bean
	@ConditionalOnMissingBean(RecordInterceptor.class)
	CorrelationIdRecordInterceptor correlationIdRecordInterceptor() {
		return new CorrelationIdRecordInterceptor();
	}

	@Bean
	SkippedRecords skippedRecords(ObjectProvider<MeterRegistry> meters) {
		return new SkippedRecords(meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/**
	 * Spring Kafka's default handling (ten immediate attempts, then skip), except that
	 * what is skipped, unreadable and wrong-topic records included, goes to
	 * {@link SkippedRecords}. A service that needs other retries defines its own handler
	 * with the same recoverer.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	CommonErrorHandler kafkaErrorHandler(SkippedRecords skippedRecords) {
		return new DefaultErrorHandler(skippedRecords.recoverer());
	}

	@Bean
	MessagePublisher messagePublisher(KafkaTemplate<Object, Object> kafkaTemplate, PlatformIdentity identity) {
		return new MessagePublisher(kafkaTemplate, identity);
	}

	@Bean
	HeartbeatPublisher heartbeatPublisher(MessagePublisher publisher, PlatformIdentity identity,
			PlatformProperties properties) {
		return new HeartbeatPublisher(publisher, identity, properties.heartbeatInterval());
	}

	@Bean
	HeartbeatHealthIndicator kafkaHeartbeatHealthIndicator(HeartbeatPublisher heartbeat) {
		return new HeartbeatHealthIndicator(heartbeat);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "iotp.platform.ship-logs", matchIfMissing = true)
	KafkaLogShipping kafkaLogShipping(KafkaProperties kafkaProperties, PlatformIdentity identity) {
		return new KafkaLogShipping(kafkaProperties.buildProducerProperties(), identity);
	}

}
