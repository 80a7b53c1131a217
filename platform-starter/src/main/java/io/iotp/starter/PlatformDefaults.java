package io.iotp.starter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.iotp.starter.kafka.EnvelopeDeserializer;
import io.iotp.starter.kafka.EnvelopeSerializer;

/**
 * Defaults every platform service shares, added with the lowest precedence so any service
 * property, command-line argument or environment variable overrides them. They make the
 * embedded mode work with no configuration file at all.
 */
class PlatformDefaults implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "iotpPlatformDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String componentId = environment.getProperty("iotp.platform.component-id",
				environment.getProperty("spring.application.name", "iotp-service"));
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
		defaults.put("spring.kafka.client-id", componentId);
		// Nothing acknowledged may be lost: every producer waits for all in-sync
		// replicas, idempotently.
		defaults.put("spring.kafka.producer.acks", "all");
		defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
		defaults.put("spring.kafka.producer.properties.linger.ms", "5");
		defaults.put("spring.kafka.producer.properties.max.block.ms", "10000");
		defaults.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
		defaults.put("spring.kafka.producer.value-serializer", EnvelopeSerializer.class.getName());
		defaults.put("spring.kafka.consumer.group-id", componentId);
		defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		// A crashed replica's partitions move to the others (or its restart) within
		// seconds, not 45 s: 6 s is the least a broker accepts by default.
		defaults.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
		defaults.put("spring.kafka.consumer.heartbeat-interval", "2s");
		defaults.put("spring.kafka.consumer.key-deserializer",
				"org.apache.kafka.common.serialization.StringDeserializer");
		// A message nobody can decode must not stop the consumer: it is logged and
		// skipped.
		defaults.put("spring.kafka.consumer.value-deserializer",
				"org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
		defaults.put("spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
				EnvelopeDeserializer.class.getName());
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoint.health.show-details", "always");
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("spring.webflux.problemdetails.enabled", "true");
		defaults.put("server.shutdown", "graceful");
		defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "10s");
		defaults.put("spring.main.banner-mode", "off");
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
