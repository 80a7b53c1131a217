package io.iotp.sensormanager.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.binding.BindingIndex;

/**
 * Forwards every reading of a bound sensor from {@code sensor-data} to the topic of each binding it is
 * in, keyed by sensor id, in its original envelope (its id stays the de-duplication key). A batch's
 * offsets are committed only after Kafka acknowledged every forward of it, so a crash forwards again
 * rather than loses (at least once).
 */
@Component
class ReadingRouter {

	private static final long SEND_TIMEOUT_SECONDS = 30;

	private final BindingIndex index;

	private final KafkaTemplate<Object, Object> kafka;

	ReadingRouter(BindingIndex index, KafkaTemplate<Object, Object> kafka) {
		this.index = index;
		this.kafka = kafka;
	}

	@KafkaListener(topics = Topics.SENSOR_DATA, groupId = "sensor-manager-router", batch = "true")
	void route(List<ConsumerRecord<String, Envelope<Message>>> records) throws Exception {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (ConsumerRecord<String, Envelope<Message>> record : records) {
			Envelope<Message> envelope = record.value();
			if (envelope == null || !(envelope.payload() instanceof SensorReading reading)) {
				continue;
			}
			for (BindingIndex.Route route : this.index.routesOf(reading.sensorId().value())) {
				if (route.accepts(reading.receivedAt())) {
					sends.add(this.kafka.send(new ProducerRecord<>(route.topic(), reading.sensorId().value(), envelope)));
				}
			}
		}
		// Throwing makes the container redeliver the whole batch: duplicates, never gaps.
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

}
