package io.iotp.appcontroller.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.sensor.FieldType;
import io.iotp.contracts.sensor.SensorField;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.contracts.sensor.SensorTypeChanged;

/**
 * What sensor-manager announces on {@code sensor-types} when it starts, for the tests
 * that run app-controller without it: the types their apps ask for.
 */
public final class CommonSensorTypes {

	public static final List<SensorType> TYPES = List.of(
			new SensorType("temperature", "air temperature",
					List.of(new SensorField("temperature", FieldType.NUMBER, "°C", -40.0, 85.0))),
			new SensorType("humidity", "relative humidity",
					List.of(new SensorField("humidity", FieldType.NUMBER, "%", 0.0, 100.0))));

	private CommonSensorTypes() {
	}

	/** Announces the common types once the test's app-controller has started. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class OnStart {

		@Bean
		ApplicationRunner announceCommonSensorTypes(@Value("${spring.kafka.bootstrap-servers}") String servers) {
			return (arguments) -> announce(servers);
		}

	}

	/** Announces {@link #TYPES}, and any others given, as sensor-manager would. */
	public static void announce(String bootstrapServers, SensorType... more) {
		EnvelopeCodec codec = new EnvelopeCodec();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			List<SensorType> all = new ArrayList<>(TYPES);
			all.addAll(List.of(more));
			for (SensorType type : all) {
				byte[] value = codec
					.encode(Envelope.of("sensor-manager", null, SensorTypeChanged.defined(type, Instant.now())));
				producer.send(new ProducerRecord<>(TopicNames.SENSOR_TYPES, type.name(), value))
					.get(10, TimeUnit.SECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("cannot announce the sensor types", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
