package io.iotp.appcontroller.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.iotp.starter.kafka.SkippedRecords;

/**
 * A report is only committed once applied: Spring Kafka's default gives up after ten
 * immediate attempts, which a MongoDB restart outlasts, and a lost RUNNING or STOPPED
 * would leave a deployment stuck. Records that cannot be read or do not belong on their
 * topic are still skipped at once, and like a report given up on they are logged and
 * counted ({@link SkippedRecords}).
 */
@Configuration(proxyBeanMethods = false)
class StatusRetries {

	@Bean
	CommonErrorHandler kafkaErrorHandler(StatusProperties properties, SkippedRecords skippedRecords) {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(properties.maxRetryInterval().toMillis());
		backOff.setMaxElapsedTime(properties.retryFor().toMillis());
		return new DefaultErrorHandler(skippedRecords.recoverer(), backOff);
	}

}
