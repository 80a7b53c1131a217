package io.iotp.sensormanager.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.starter.chunks.ChunkInserts;
import io.iotp.starter.kafka.SkippedRecords;

/**
 * Stores every reading of {@code sensor-data} in MongoDB, off the ingestion path, with
 * its own consumer group: each polled batch as one unordered insert of chunks, one per
 * sensor ({@link ReadingChunks}). The consumer waits for about half a megabyte or a
 * second of readings per poll so that chunks hold tens of readings under load. Offsets
 * are committed only after a batch is stored. Idempotent: the same readings make the same
 * chunk id, so a batch read again after a crash is refused as a duplicate; read again
 * with other boundaries, its readings may be stored twice, and {@link History} returns
 * each once.
 */
@Component
class HistoryWriter {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private final MongoTemplate mongo;

	private final HistoryProperties properties;

	private final SkippedRecords skippedRecords;

	HistoryWriter(MongoTemplate mongo, HistoryProperties properties, SkippedRecords skippedRecords) {
		this.mongo = mongo;
		this.properties = properties;
		this.skippedRecords = skippedRecords;
	}

	/** The indexes of the queries: a sensor's chunks newest first, and retention. */
	@EventListener(ApplicationReadyEvent.class)
	void createIndexes() {
		try {
			chunks().createIndexes(List.of(
					new IndexModel(
							Indexes.compoundIndex(Indexes.ascending(ReadingChunks.SENSOR_ID),
									Indexes.descending(ReadingChunks.MAX_TS)),
							new IndexOptions().background(true).name("sensor-newest-first")),
					new IndexModel(Indexes.ascending(ReadingChunks.MAX_RECEIVED_AT),
							new IndexOptions().background(true).name("retention"))));
		}
		catch (DataAccessException | MongoException ex) {
			log.warn("indexes of {} not created, queries will be slower: {}", ReadingChunks.COLLECTION,
					ex.getMessage());
		}
	}

	@KafkaListener(id = "sensor-history", topics = TopicNames.SENSOR_DATA,
			groupId = "${iotp.sensors.history.group-id:sensor-manager-history}", batch = "true",
			autoStartup = "${iotp.sensors.history.enabled:true}",
			properties = { "max.poll.records=5000", "fetch.min.bytes=524288", "fetch.max.wait.ms=1000" })
	void on(List<ConsumerRecord<String, Envelope<SensorReading>>> records) {
		List<SensorReading> readings = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Envelope<SensorReading>> record : records) {
			if (this.skippedRecords.readable(record)) {
				readings.add(record.value().payload());
			}
		}
		if (!readings.isEmpty()) {
			storeWithRetries(readings);
		}
	}

	/**
	 * Stores the readings, retrying with back-off for {@code write-retry-for}, then gives
	 * up by throwing.
	 */
	void storeWithRetries(List<SensorReading> readings) {
		Instant giveUpAt = Instant.now().plus(this.properties.writeRetryFor());
		long backOff = 100;
		while (true) {
			try {
				store(readings);
				return;
			}
			catch (DataAccessException | MongoException ex) {
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

	/**
	 * One batch as one unordered insert of its chunks; a chunk refused as a duplicate
	 * holds exactly readings stored before (a batch read again, a retry).
	 * @throws MongoException when anything but a duplicate chunk failed, so the batch is
	 * retried
	 */
	void store(List<SensorReading> readings) {
		ChunkInserts.insertNew(chunks(), ReadingChunks.chunks(readings));
	}

	private MongoCollection<Document> chunks() {
		return this.mongo.getCollection(ReadingChunks.COLLECTION);
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
