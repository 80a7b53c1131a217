package io.iotp.sensormanager.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorReading;

/** Reads the history, newest first, in pages; deletes what is older than the retention. */
@Service
class History {

	private static final Logger log = LoggerFactory.getLogger(History.class);

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "ts", "_id");

	private final MongoTemplate mongo;

	private final HistoryProperties properties;

	History(MongoTemplate mongo, HistoryProperties properties) {
		this.mongo = mongo;
		this.properties = properties;
	}

	Optional<SensorReading> latest(String sensorId) {
		Query query = Query.query(Criteria.where("sensorId").is(sensorId)).with(NEWEST_FIRST).limit(1);
		return Optional.ofNullable(this.mongo.findOne(query, ReadingDocument.class)).map(ReadingDocument::toReading);
	}

	/** Readings with {@code from <= ts < to}, newest first, after the cursor's position. */
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
		Criteria criteria = Criteria.where("sensorId").is(sensorId);
		if (from != null || to != null) {
			Criteria ts = criteria.and("ts");
			if (from != null) {
				ts = ts.gte(from);
			}
			if (to != null) {
				ts.lt(to);
			}
		}
		if (cursor != null && !cursor.isBlank()) {
			Position after = Position.decode(cursor);
			criteria.andOperator(new Criteria().orOperator(Criteria.where("ts").lt(after.ts()),
					Criteria.where("ts").is(after.ts()).and("_id").lt(after.id())));
		}
		List<ReadingDocument> found = this.mongo.find(Query.query(criteria).with(NEWEST_FIRST).limit(size + 1),
				ReadingDocument.class);
		List<SensorReading> items = found.stream().limit(size).map(ReadingDocument::toReading).toList();
		String next = null;
		if (found.size() > size) {
			ReadingDocument last = found.get(size - 1);
			next = new Position(last.ts(), last.id()).encode();
		}
		return new Page(items, next);
	}

	@Scheduled(fixedDelayString = "${iotp.sensors.history.retention-check-interval:1h}", initialDelay = 60_000)
	void applyRetention() {
		Instant before = Instant.now().minus(this.properties.retention());
		long deleted = this.mongo.remove(Query.query(Criteria.where("receivedAt").lt(before)), ReadingDocument.class)
			.getDeletedCount();
		if (deleted > 0) {
			log.info("retention: deleted {} readings received before {}", deleted, before);
		}
	}

	/**
	 * One page of history.
	 *
	 * @param items newest first
	 * @param next pass as {@code cursor} for the next page; null on the last page
	 */
	record Page(List<SensorReading> items, @Nullable String next) {
	}

	/** Where a page ended: its last reading's time and id, base64url encoded as the cursor. */
	private record Position(Instant ts, String id) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.ts.toEpochMilli() + ":" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		static Position decode(String cursor) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int colon = text.indexOf(':');
				return new Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
						text.substring(colon + 1));
			}
			catch (IllegalArgumentException | StringIndexOutOfBoundsException ex) {
				throw new PlatformException(ErrorCodes.REQUEST_VALIDATION,
						"cursor '" + cursor + "' is not one this API gave out; pass the page's next as it is");
			}
		}

	}

}
