package io.iotp.sensormanager.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorReading;

/**
 * Reads the history, newest first, in pages; deletes what is older than the retention.
 * <p>
 * A sensor's readings are spread over chunks ({@link ReadingChunks}) whose time ranges
 * may overlap (readings arrive out of order), and a reading may be in two chunks (a batch
 * read again with other boundaries). A page is therefore collected as a set ordered by
 * (ts, id), newest first, which holds a reading once: chunks are read newest
 * {@code maxTs} first, and reading stops as soon as the page is full and the next chunk's
 * {@code maxTs} is older than the page's oldest reading, as no chunk from there on can
 * hold anything newer. A cursor names the last reading's (ts, id); the next page starts
 * strictly after it, so a reading is never on two pages either.
 */
@Service
class History {

	private static final Logger log = LoggerFactory.getLogger(History.class);

	/** Chunks fetched from the store at a time while collecting a page. */
	private static final int FETCH_CHUNKS = 8;

	private final MongoTemplate mongo;

	private final LegacyReadings legacy;

	private final HistoryProperties properties;

	History(MongoTemplate mongo, LegacyReadings legacy, HistoryProperties properties) {
		this.mongo = mongo;
		this.legacy = legacy;
		this.properties = properties;
	}

	/** The reading with the newest {@code ts} (of those, the greatest id). */
	Optional<SensorReading> latest(String sensorId) {
		return newest(sensorId, null, null, null, 1).stream().findFirst();
	}

	/**
	 * Readings with {@code from <= ts < to}, newest first, after the cursor's position.
	 */
	Page page(String sensorId, @Nullable Instant from, @Nullable Instant to, @Nullable Integer limit,
			@Nullable String cursor) {
		int size = (limit != null) ? limit : this.properties.defaultLimit();
		if (size < 1 || size > this.properties.maxLimit()) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION,
					"limit must be between 1 and " + this.properties.maxLimit() + ", got " + size);
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION,
					"from (" + from + ") must be before to (" + to + ")");
		}
		Position after = (cursor != null && !cursor.isBlank()) ? Position.decode(cursor) : null;
		// one more than the page, to know whether there is a next one
		List<SensorReading> found = newest(sensorId, millis(from), millis(to), after, size + 1);
		String next = (found.size() > size) ? Position.of(found.get(size - 1)).encode() : null;
		return new Page(List.copyOf(found.subList(0, Math.min(size, found.size()))), next);
	}

	@Scheduled(fixedDelayString = "${iotp.sensors.history.retention-check-interval:1h}", initialDelay = 60_000)
	void applyRetention() {
		Instant before = Instant.now().minus(this.properties.retention());
		// a chunk partly older than that is kept until its newest reading is old too
		long deleted = chunks().deleteMany(Filters.lt(ReadingChunks.MAX_RECEIVED_AT, Date.from(before)))
			.getDeletedCount();
		if (deleted > 0) {
			log.info("retention: deleted {} chunks of readings all received before {}", deleted, before);
		}
		this.legacy.applyRetention(before);
	}

	/**
	 * Up to {@code wanted} readings with {@code from <= ts < to} strictly after the
	 * position, newest first.
	 */
	private List<SensorReading> newest(String sensorId, @Nullable Instant from, @Nullable Instant to,
			@Nullable Position after, int wanted) {
		TreeSet<SensorReading> page = new TreeSet<>(ReadingChunks.NEWEST_READING_FIRST);
		try (MongoCursor<Document> chunks = chunks().find(ReadingChunks.criteria(sensorId, from, to, after))
			.sort(ReadingChunks.NEWEST_FIRST)
			.batchSize(FETCH_CHUNKS)
			.iterator()) {
			while (chunks.hasNext()) {
				Document chunk = chunks.next();
				if (page.size() >= wanted && ReadingChunks.maxTs(chunk).isBefore(page.last().ts())) {
					// chunks come newest maxTs first: none from here on holds a reading
					// newer than the page's oldest
					break;
				}
				for (SensorReading reading : ReadingChunks.readings(chunk)) {
					if (within(reading, from, to, after)) {
						add(page, reading, wanted);
					}
				}
			}
		}
		for (SensorReading reading : this.legacy.newest(sensorId, from, to, after, wanted)) {
			add(page, reading, wanted);
		}
		return new ArrayList<>(page);
	}

	/**
	 * Adds the reading (a reading already there stays once), keeping only the newest
	 * {@code wanted}.
	 */
	private static void add(TreeSet<SensorReading> page, SensorReading reading, int wanted) {
		page.add(reading);
		if (page.size() > wanted) {
			page.pollLast();
		}
	}

	private static boolean within(SensorReading reading, @Nullable Instant from, @Nullable Instant to,
			@Nullable Position after) {
		return (from == null || !reading.ts().isBefore(from)) && (to == null || reading.ts().isBefore(to))
				&& (after == null || after.precedes(reading));
	}

	/** As stored: to the millisecond. */
	private static @Nullable Instant millis(@Nullable Instant instant) {
		return (instant != null) ? Instant.ofEpochMilli(instant.toEpochMilli()) : null;
	}

	private MongoCollection<Document> chunks() {
		return this.mongo.getCollection(ReadingChunks.COLLECTION);
	}

	/**
	 * One page of history.
	 *
	 * @param items newest first
	 * @param next pass as {@code cursor} for the next page; null on the last page
	 */
	record Page(List<SensorReading> items, @Nullable String next) {
	}

}
