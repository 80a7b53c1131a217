package io.iotp.sensormanager.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.SensorReading;

/**
 * Stores every reading of {@code sensor-data} in MongoDB, in bulk, off the ingestion path, with its own
 * consumer group. Idempotent: the reading id is the document id, so a batch read again after a crash
 * stores nothing twice. Offsets are committed only after a batch is stored.
 */
@Component
class HistoryWriter {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private final MongoTemplate mongo;

	private final HistoryProperties properties;

	HistoryWriter(MongoTemplate mongo, HistoryProperties properties) {
		this.mongo = mongo;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void createIndexes() {
		try {
			IndexOperations indexes = this.mongo.indexOps(ReadingDocument.class);
			indexes.createIndex(new Index().on("sensorId", Sort.Direction.ASC)
				.on("ts", Sort.Direction.DESC)
				.on("_id", Sort.Direction.DESC)
				.named("sensor-newest-first"));
			indexes.createIndex(new Index().on("receivedAt", Sort.Direction.ASC).named("retention"));
		}
		catch (DataAccessException ex) {
			log.warn("indexes of {} not created, queries will be slower: {}", ReadingDocument.COLLECTION,
					ex.getMessage());
		}
	}

	@KafkaListener(id = "sensor-history", topics = Topics.SENSOR_DATA,
			groupId = "${iotp.sensors.history.group-id:sensor-manager-history}", batch = "true",
			autoStartup = "${iotp.sensors.history.enabled:true}", properties = { "max.poll.records=2000" })
	void on(List<ConsumerRecord<String, Envelope<Message>>> records) {
		List<ReadingDocument> readings = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Envelope<Message>> record : records) {
			// undecodable records arrive as null values (logged by the deserializer); nothing to store
			if (record.value() != null && record.value().payload() instanceof SensorReading reading) {
				readings.add(ReadingDocument.of(reading));
			}
		}
		if (!readings.isEmpty()) {
			storeWithRetries(readings);
		}
	}

	private void storeWithRetries(List<ReadingDocument> readings) {
		Instant giveUpAt = Instant.now().plus(this.properties.writeRetryFor());
		long backOff = 100;
		while (true) {
			try {
				store(readings);
				return;
			}
			catch (DataAccessException ex) {
				if (Instant.now().isAfter(giveUpAt)) {
					throw ex;
				}
				log.warn("storing {} readings failed, retrying in {} ms: {}", readings.size(), backOff,
						ex.getMessage());
				pause(backOff);
				backOff = Math.min(backOff * 2, Duration.ofSeconds(5).toMillis());
			}
		}
	}

	private void store(List<ReadingDocument> readings) {
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ReadingDocument.class).insert(readings).execute();
		}
		catch (DuplicateKeyException | BulkOperationException ex) {
			// Some were stored before (a batch read again): store each, replacing what is there.
			for (ReadingDocument reading : readings) {
				this.mongo.save(reading);
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while retrying a history write", ex);
		}
	}

}
