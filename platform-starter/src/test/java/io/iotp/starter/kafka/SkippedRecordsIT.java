package io.iotp.starter.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.ids.AlertId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.SensorReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records a listener will not get, on a real (embedded, KRaft) broker: a message of
 * another type than its topic carries, and bytes that are no envelope at all. Each is
 * logged with topic, partition and offset and counted by topic and reason, the records
 * behind them still arrive, and the typed listeners never see anything but their topic's
 * type: a record listener through the error handler, a batch listener through
 * {@link SkippedRecords#readable}.
 */
@SpringBootTest(classes = SkippedRecordsIT.TestService.class,
		properties = { "spring.application.name=skip-test", "iotp.platform.ship-logs=false" })
@EmbeddedKafka(partitions = 1, topics = { TopicNames.NOTIFY_ADMIN, TopicNames.SENSOR_DATA, TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ExtendWith(OutputCaptureExtension.class)
class SkippedRecordsIT {

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Listeners listeners;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Test
	void aRecordOfTheWrongTypeIsCountedAndLoggedAndTheRecordsBehindItArrive(CapturedOutput output) throws Exception {
		AdminAlert alert = new AdminAlert(AlertId.random(), AlertSeverity.INFO, "test", "subject",
				"after the wrong ones", Instant.now(), false);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			producer.send(new ProducerRecord<>(TopicNames.NOTIFY_ADMIN, "h-1", encode(heartbeat()))).get();
			producer.send(new ProducerRecord<>(TopicNames.NOTIFY_ADMIN, "x", "not an envelope".getBytes())).get();
			producer.send(new ProducerRecord<>(TopicNames.NOTIFY_ADMIN, "a-1", encode(alert))).get();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> !this.listeners.alerts.isEmpty());
		assertThat(this.listeners.alerts).containsExactly(alert);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(skipped(TopicNames.NOTIFY_ADMIN, "wrong-topic")).isEqualTo(1));
		assertThat(skipped(TopicNames.NOTIFY_ADMIN, "unreadable")).isEqualTo(1);
		assertThat(output.getAll())
			.contains("record skipped on notify-admin-0@0 (wrong-topic): a 'heartbeat' message "
					+ "does not belong on topic 'notify-admin', which carries AdminAlert")
			.contains("record skipped on notify-admin-0@1 (unreadable)");
	}

	@Test
	void aBatchListenerSkipsAndReportsTheWrongTypeAndKeepsTheRest(CapturedOutput output) throws Exception {
		SensorReading reading = new SensorReading("r-1", SensorId.of("s-1"), "temperature", "lab", Instant.now(),
				Instant.now(), Map.of("temperature", 21.5));
		try (KafkaProducer<String, byte[]> producer = producer()) {
			producer.send(new ProducerRecord<>(TopicNames.SENSOR_DATA, "h-1", encode(heartbeat()))).get();
			producer.send(new ProducerRecord<>(TopicNames.SENSOR_DATA, "s-1", encode(reading))).get();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> !this.listeners.readings.isEmpty());
		assertThat(this.listeners.readings).containsExactly(reading);
		assertThat(skipped(TopicNames.SENSOR_DATA, "wrong-topic")).isEqualTo(1);
		assertThat(output.getAll()).contains("record skipped on sensor-data-0@0 (wrong-topic)");
	}

	private double skipped(String topic, String reason) {
		Counter counter = this.meters.find(SkippedRecords.METRIC).tags("topic", topic, "reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private byte[] encode(Message payload) {
		return this.codec.encode(Envelope.of("test", null, payload));
	}

	private static Heartbeat heartbeat() {
		return new Heartbeat("intruder", ComponentKind.SERVICE, "i-1", "localhost", 1, "0.1.0", HeartbeatStatus.UP,
				Instant.now(), null);
	}

	private KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers),
				new StringSerializer(), new ByteArraySerializer());
	}

	@SpringBootApplication
	@Import(Listeners.class)
	static class TestService {

	}

	@Component
	static class Listeners {

		final List<AdminAlert> alerts = new CopyOnWriteArrayList<>();

		final List<SensorReading> readings = new CopyOnWriteArrayList<>();

		private final SkippedRecords skippedRecords;

		Listeners(SkippedRecords skippedRecords) {
			this.skippedRecords = skippedRecords;
		}

		@KafkaListener(topics = TopicNames.NOTIFY_ADMIN)
		void on(Envelope<AdminAlert> envelope) {
			this.alerts.add(envelope.payload());
		}

		@KafkaListener(topics = TopicNames.SENSOR_DATA, batch = "true")
		void on(List<ConsumerRecord<String, Envelope<SensorReading>>> records) {
			for (ConsumerRecord<String, Envelope<SensorReading>> record : records) {
				if (this.skippedRecords.readable(record)) {
					this.readings.add(record.value().payload());
				}
			}
		}

	}

}
