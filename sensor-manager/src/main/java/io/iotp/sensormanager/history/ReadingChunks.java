package io.iotp.sensormanager.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.starter.chunks.ChunkCutter;
import io.iotp.starter.chunks.ChunkLimits;
import io.iotp.starter.chunks.PackedField;

/**
 * How readings look in MongoDB: in chunks (collection {@code reading_chunks}). One
 * document holds the readings of one sensor from one written batch, within the starter's
 * {@link ChunkLimits#STANDARD} (at most 1,000 of them and about {@link #MAX_BYTES}, all
 * with a {@code ts} in the same {@link #SPAN}): {@code {_id, sensorId, type, location,
 * minTs, maxTs, minReceivedAt, maxReceivedAt, count, packed}}, where {@code packed} is
 * the BSON of {@code {readings: [{id, ts, receivedAt, values}]}} as one binary value. One
 * document per reading cost the embedded store a document and an index entry per reading;
 * a chunk costs one per tens of readings. Queries select chunks by sensor and time range
 * and match the readings inside exactly, so nothing queries inside a chunk: packed, the
 * embedded store keeps one byte array instead of serialising every reading's fields
 * (twice) with Java serialisation, which was two thirds of its CPU at 5,000 readings/s.
 * Chunks written before, with the {@code readings} array inline, are still read.
 * <p>
 * The id is the sensor id and a hash of the reading ids the chunk holds, so the same
 * readings written again (a batch read again after a crash) make the same id and are
 * refused as a duplicate. A batch read again with other boundaries makes other chunks
 * holding some readings a second time; readers return a reading once (see
 * {@link History}).
 */
final class ReadingChunks {

	static final String COLLECTION = "reading_chunks";

	static final String ID = "_id";

	static final String SENSOR_ID = "sensorId";

	static final String TYPE = "type";

	static final String LOCATION = "location";

	static final String MIN_TS = "minTs";

	static final String MAX_TS = "maxTs";

	static final String MIN_RECEIVED_AT = "minReceivedAt";

	/**
	 * What retention goes by: a chunk goes when its newest reading is older than the
	 * retention.
	 */
	static final String MAX_RECEIVED_AT = "maxReceivedAt";

	static final String COUNT = "count";

	/** The readings inline: chunks written before they were packed. */
	static final String READINGS = "readings";

	/** The readings as the BSON bytes of {@code {readings: [...]}}. */
	static final String PACKED = "packed";

	static final String READING_ID = "id";

	static final String READING_TS = "ts";

	static final String READING_RECEIVED_AT = "receivedAt";

	static final String READING_VALUES = "values";

	/**
	 * Readings are a few hundred bytes each, so a chunk is far below MongoDB's 16 MB per
	 * document.
	 */
	private static final ChunkLimits LIMITS = ChunkLimits.STANDARD;

	/**
	 * Most bytes of readings in one chunk, roughly: far below MongoDB's 16 MB per
	 * document even when a sensor sends long strings.
	 */
	static final long MAX_BYTES = LIMITS.maxBytes();

	/**
	 * The time ({@code ts}) one chunk spans at most, so a query can bound {@code maxTs}
	 * from above by a bound on {@code minTs} (deep pages and old ranges stay index range
	 * scans on a real MongoDB).
	 */
	static final Duration SPAN = LIMITS.span();

	/**
	 * Newest chunks first; which of two chunks with the same {@code maxTs} comes first
	 * does not matter.
	 */
	static final Bson NEWEST_FIRST = Sorts.descending(MAX_TS);

	/**
	 * Newest readings first; the id breaks ties between readings of the same millisecond.
	 */
	static final Comparator<SensorReading> NEWEST_READING_FIRST = Comparator.comparing(SensorReading::ts)
		.thenComparing(SensorReading::id)
		.reversed();

	/**
	 * Packs and unpacks chunks' readings; immutable, and building one per chunk looked up
	 * every BSON type's codec.
	 */
	private static final DocumentCodec CODEC = new DocumentCodec();

	private static final ChunkCutter<SensorReading> CUTTER = ChunkCutter
		.of(LIMITS, ChunkKey::of, ReadingChunks::approximateSize)
		.distinctBy(SensorReading::id);

	private ReadingChunks() {
	}

	/**
	 * The readings of one batch as chunk documents: grouped by sensor (with its type and
	 * location, which may change) and {@link #SPAN}, in arrival order, each reading id
	 * once.
	 */
	static List<Document> chunks(List<SensorReading> readings) {
		return CUTTER.cut(readings, ReadingChunks::document);
	}

	/**
	 * The readings of a chunk document, as they were published (times to the
	 * millisecond).
	 */
	static List<SensorReading> readings(Document chunk) {
		SensorId sensor = SensorId.of(chunk.getString(SENSOR_ID));
		String type = chunk.getString(TYPE);
		String location = chunk.getString(LOCATION);
		List<Document> items = items(chunk);
		List<SensorReading> readings = new ArrayList<>(items.size());
		for (Document item : items) {
			Date receivedAt = item.getDate(READING_RECEIVED_AT);
			Document values = item.get(READING_VALUES, Document.class);
			readings.add(new SensorReading(item.getString(READING_ID), sensor, type, location,
					item.getDate(READING_TS).toInstant(), (receivedAt != null) ? receivedAt.toInstant() : null,
					(values != null) ? readable(values) : Map.of()));
		}
		return readings;
	}

	/** The reading documents of a chunk, packed or (written before) inline. */
	static List<Document> items(Document chunk) {
		byte[] bytes = PackedField.bytes(chunk, PACKED);
		return (bytes != null) ? new RawBsonDocument(bytes).decode(CODEC).getList(READINGS, Document.class)
				: chunk.getList(READINGS, Document.class);
	}

	static Instant maxTs(Document chunk) {
		return chunk.getDate(MAX_TS).toInstant();
	}

	/**
	 * What a chunk of the sensor must have to hold a reading with {@code from <= ts < to}
	 * and, with a position, at or before it (the readings inside are matched exactly
	 * after).
	 */
	static Bson criteria(String sensorId, @Nullable Instant from, @Nullable Instant to, @Nullable Position after) {
		List<Bson> all = new ArrayList<>();
		all.add(Filters.eq(SENSOR_ID, sensorId));
		if (from != null) {
			all.add(Filters.gte(MAX_TS, Date.from(from)));
		}
		Instant below = to;
		if (to != null) {
			all.add(Filters.lt(MIN_TS, Date.from(to)));
		}
		if (after != null) {
			all.add(Filters.lte(MIN_TS, Date.from(after.ts())));
			Instant justAfter = after.ts().plusMillis(1);
			below = (below == null || justAfter.isBefore(below)) ? justAfter : below;
		}
		if (below != null) {
			// implied by the bound on minTs, as a chunk spans less than SPAN; lets an
			// index bound maxTs too
			all.add(Filters.lt(MAX_TS, Date.from(below.plus(SPAN))));
		}
		return Filters.and(all);
	}

	private static Document document(List<SensorReading> readings) {
		SensorReading first = readings.get(0);
		long minTs = Long.MAX_VALUE;
		long maxTs = Long.MIN_VALUE;
		long minReceived = Long.MAX_VALUE;
		long maxReceived = Long.MIN_VALUE;
		List<Document> items = new ArrayList<>(readings.size());
		MessageDigest ids = sha256();
		ids.update(first.sensorId().value().getBytes(StandardCharsets.UTF_8));
		for (SensorReading reading : readings) {
			long ts = reading.ts().toEpochMilli();
			long received = Objects.requireNonNullElse(reading.receivedAt(), reading.ts()).toEpochMilli();
			minTs = Math.min(minTs, ts);
			maxTs = Math.max(maxTs, ts);
			minReceived = Math.min(minReceived, received);
			maxReceived = Math.max(maxReceived, received);
			ids.update((byte) '\n');
			ids.update(reading.id().getBytes(StandardCharsets.UTF_8));
			Document item = new Document(READING_ID, reading.id()).append(READING_TS, new Date(ts));
			if (reading.receivedAt() != null) {
				item.append(READING_RECEIVED_AT, new Date(reading.receivedAt().toEpochMilli()));
			}
			items.add(item.append(READING_VALUES, storable(reading.values())));
		}
		String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(ids.digest(), 18));
		return new Document(ID, first.sensorId().value() + "~" + hash).append(SENSOR_ID, first.sensorId().value())
			.append(TYPE, first.type())
			.append(LOCATION, first.location())
			.append(MIN_TS, new Date(minTs))
			.append(MAX_TS, new Date(maxTs))
			.append(MIN_RECEIVED_AT, new Date(minReceived))
			.append(MAX_RECEIVED_AT, new Date(maxReceived))
			.append(COUNT, readings.size())
			.append(PACKED, pack(items));
	}

	private static Binary pack(List<Document> items) {
		ByteBuf bson = new RawBsonDocument(new Document(READINGS, items), CODEC).getByteBuffer();
		byte[] bytes = new byte[bson.remaining()];
		bson.get(bytes);
		return new Binary(bytes);
	}

	/**
	 * An upper bound of the reading's size in BSON (a UTF-8 character takes at most 3
	 * bytes).
	 */
	private static long approximateSize(SensorReading reading) {
		long size = 64 + 3L * reading.id().length();
		for (Map.Entry<String, Object> value : reading.values().entrySet()) {
			size += 32 + 3L * value.getKey().length()
					+ ((value.getValue() instanceof String text) ? 3L * text.length() : 0);
		}
		return size;
	}

	/**
	 * The values as BSON can hold them: an integer beyond a long (which a device may
	 * send, as JSON does not bound integers) becomes a decimal, or its text beyond 34
	 * digits; anything else is kept.
	 */
	private static Document storable(Map<String, Object> values) {
		Document document = new Document();
		values.forEach((name, value) -> document.append(name, switch (value) {
			case BigInteger big when big.bitLength() < 64 -> big.longValue();
			case BigInteger big -> decimal(new BigDecimal(big));
			case BigDecimal big -> decimal(big);
			default -> value;
		}));
		return document;
	}

	private static Object decimal(BigDecimal value) {
		try {
			return new Decimal128(value);
		}
		catch (NumberFormatException ex) {
			return value.toString();
		}
	}

	private static Map<String, Object> readable(Document values) {
		Map<String, Object> readable = new LinkedHashMap<>();
		values.forEach((name, value) -> readable.put(name,
				(value instanceof Decimal128 decimal) ? decimal.bigDecimalValue() : value));
		return readable;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/**
	 * Readings share a chunk when they have the same sensor, type and location and fall
	 * into the same span.
	 */
	private record ChunkKey(String sensorId, String type, @Nullable String location, long span) {

		static ChunkKey of(SensorReading reading) {
			return new ChunkKey(reading.sensorId().value(), reading.type(), reading.location(),
					LIMITS.spanOf(reading.ts()));
		}

	}

}
