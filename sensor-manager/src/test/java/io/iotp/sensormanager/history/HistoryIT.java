package io.iotp.sensormanager.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import io.iotp.contracts.Topics;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.MessagePublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The history writer stores a reading delivered twice once, and retention deletes only old readings. */
@SensorManagerTest
class HistoryIT {

	@Autowired
	MessagePublisher publisher;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	History history;

	@Test
	void aReadingDeliveredTwiceIsStoredOnce() throws Exception {
		String sensor = "h-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		SensorReading reading = new SensorReading("r-" + UUID.randomUUID(), SensorId.of(sensor), "climate", "attic",
				now, now, Map.of("temperature", 20.5));
		SensorReading other = new SensorReading("r-" + UUID.randomUUID(), SensorId.of(sensor), "climate", "attic",
				now.plusSeconds(1), now, Map.of("temperature", 21.5));
		this.publisher.publish(Topics.SENSOR_DATA, sensor, reading).get();
		this.publisher.publish(Topics.SENSOR_DATA, sensor, reading).get();
		this.publisher.publish(Topics.SENSOR_DATA, sensor, other).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> stored(sensor) == 2);
		this.publisher.publish(Topics.SENSOR_DATA, sensor, reading).get();
		SensorReading marker = new SensorReading("r-" + UUID.randomUUID(), SensorId.of(sensor), "climate", "attic",
				now.plusSeconds(2), now, Map.of("temperature", 22.5));
		this.publisher.publish(Topics.SENSOR_DATA, sensor, marker).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> stored(sensor) == 3);
		assertThat(this.history.latest(sensor)).hasValueSatisfying(
				(latest) -> assertThat(latest.id()).isEqualTo(marker.id()));
	}

	@Test
	void retentionDeletesReadingsReceivedBeforeItsAge() {
		String sensor = "h-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		this.mongo.insert(new ReadingDocument("r-old-" + sensor, sensor, "climate", "attic", now.minus(Duration.ofDays(8)),
				now.minus(Duration.ofDays(8)), Map.of("temperature", 1)));
		this.mongo.insert(new ReadingDocument("r-new-" + sensor, sensor, "climate", "attic", now, now,
				Map.of("temperature", 2)));
		this.history.applyRetention();
		assertThat(this.mongo.find(Query.query(Criteria.where("sensorId").is(sensor)), ReadingDocument.class))
			.extracting(ReadingDocument::id)
			.containsExactly("r-new-" + sensor);
	}

	private long stored(String sensor) {
		return this.mongo.count(Query.query(Criteria.where("sensorId").is(sensor)), ReadingDocument.class);
	}

}
