package io.iotp.sensormanager.history;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;

/**
 * A reading as stored before chunks, one document each (collection {@code readings},
 * {@code _id} the reading id). Only read now, by {@link LegacyReadings}; see
 * {@link ReadingChunks} for the layout written.
 *
 * @param id reading id
 * @param sensorId its sensor
 * @param type sensor type
 * @param location sensor location
 * @param ts device time
 * @param receivedAt platform time, what retention goes by
 * @param values its values
 */
@Document(ReadingDocument.COLLECTION)
record ReadingDocument(@Id String id, String sensorId, String type, String location, Instant ts, Instant receivedAt,
		Map<String, Object> values) {

	static final String COLLECTION = "readings";

	static ReadingDocument of(SensorReading reading) {
		return new ReadingDocument(reading.id(), reading.sensorId().value(), reading.type(), reading.location(),
				reading.ts(), reading.receivedAt(), reading.values());
	}

	SensorReading toReading() {
		return new SensorReading(this.id, SensorId.of(this.sensorId), this.type, this.location, this.ts,
				this.receivedAt, this.values);
	}

}
