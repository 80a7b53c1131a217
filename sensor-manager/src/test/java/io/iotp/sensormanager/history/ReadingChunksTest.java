package io.iotp.sensormanager.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;

import static org.assertj.core.api.Assertions.assertThat;

/** How a written batch becomes chunk documents and back. */
class ReadingChunksTest {

	private static final Instant BASE = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void aBatchBecomesOneChunkPerSensorWithTheSensorsFieldsOnce() {
		List<SensorReading> batch = List.of(reading("a", "r-1", 5, 1.5), reading("b", "r-2", 1, 2),
				reading("a", "r-3", 2, 3), reading("a", "r-4", 9, 4));
		List<Document> chunks = ReadingChunks.chunks(batch);
		assertThat(chunks).hasSize(2);
		Document a = chunks.get(0);
		assertThat(a.getString(ReadingChunks.SENSOR_ID)).isEqualTo("a");
		assertThat(a.getString(ReadingChunks.TYPE)).isEqualTo("climate");
		assertThat(a.getString(ReadingChunks.LOCATION)).isEqualTo("attic");
		assertThat(a.getInteger(ReadingChunks.COUNT)).isEqualTo(3);
		assertThat(a.getDate(ReadingChunks.MIN_TS).toInstant()).isEqualTo(BASE.plusSeconds(2));
		assertThat(a.getDate(ReadingChunks.MAX_TS).toInstant()).isEqualTo(BASE.plusSeconds(9));
		assertThat(a.getDate(ReadingChunks.MAX_RECEIVED_AT).toInstant()).isEqualTo(BASE.plusSeconds(109));
		assertThat(a.getDate(ReadingChunks.MIN_RECEIVED_AT).toInstant()).isEqualTo(BASE.plusSeconds(102));
		assertThat(ReadingChunks.items(a)).extracting((item) -> item.getString("id"))
			.containsExactly("r-1", "r-3", "r-4");
		assertThat(ReadingChunks.items(a).get(0)).doesNotContainKeys("type", "location", "sensorId");
		assertThat(a).doesNotContainKey(ReadingChunks.READINGS);
		assertThat(ReadingChunks.readings(a)).containsExactly(batch.get(0), batch.get(2), batch.get(3));
		assertThat(ReadingChunks.readings(chunks.get(1))).containsExactly(batch.get(1));
	}

	@Test
	void theSameReadingsMakeTheSameIdAndOtherBoundariesOtherIds() {
		List<SensorReading> readings = List.of(reading("a", "r-1", 1, 1), reading("a", "r-2", 2, 2),
				reading("a", "r-3", 3, 3));
		String once = id(ReadingChunks.chunks(readings).get(0));
		assertThat(id(ReadingChunks.chunks(List.copyOf(readings)).get(0))).isEqualTo(once).startsWith("a~");
		assertThat(id(ReadingChunks.chunks(readings.subList(0, 2)).get(0))).isNotEqualTo(once);
		assertThat(id(ReadingChunks.chunks(readings.subList(1, 3)).get(0))).isNotEqualTo(once);
		// the same ids under another sensor are another chunk
		assertThat(id(ReadingChunks
			.chunks(List.of(reading("b", "r-1", 1, 1), reading("b", "r-2", 2, 2), reading("b", "r-3", 3, 3)))
			.get(0))).isNotEqualTo(once);
	}

	@Test
	void aReadingTwiceInOneBatchIsInItsChunkOnce() {
		SensorReading twice = reading("a", "r-1", 1, 1);
		List<Document> chunks = ReadingChunks.chunks(List.of(twice, reading("a", "r-2", 2, 2), twice));
		assertThat(chunks).hasSize(1);
		assertThat(chunks.get(0).getInteger(ReadingChunks.COUNT)).isEqualTo(2);
		assertThat(ReadingChunks.readings(chunks.get(0))).extracting(SensorReading::id).containsExactly("r-1", "r-2");
	}

	@Test
	void chunksSpanLessThanAnHourHoldAtMostAThousandReadingsAndOneTypeAndLocation() {
		List<SensorReading> batch = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			batch.add(reading("a", "r-" + i, 1, i));
		}
		// an hour later, and a sensor moved elsewhere meanwhile
		batch.add(reading("a", "r-late", Duration.ofHours(1).toSeconds() + 1, 0));
		batch.add(new SensorReading("r-moved", SensorId.of("a"), "climate", "cellar", BASE, BASE, Map.of("t", 1)));
		List<Document> chunks = ReadingChunks.chunks(batch);
		assertThat(chunks).extracting((chunk) -> chunk.getInteger(ReadingChunks.COUNT))
			.containsExactly(1000, 1000, 500, 1, 1);
		for (Document chunk : chunks) {
			long span = chunk.getDate(ReadingChunks.MAX_TS).getTime() - chunk.getDate(ReadingChunks.MIN_TS).getTime();
			assertThat(span).isLessThan(ReadingChunks.SPAN.toMillis());
		}
		assertThat(chunks.get(4).getString(ReadingChunks.LOCATION)).isEqualTo("cellar");
		assertThat(chunks).extracting(ReadingChunksTest::id).doesNotHaveDuplicates();
	}

	@Test
	void readingsWithLongStringsAreSplitFarBelowTheDocumentLimit() {
		String text = "x".repeat(600_000);
		List<SensorReading> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(new SensorReading("r-" + i, SensorId.of("a"), "note", "attic", BASE, BASE, Map.of("text", text)));
		}
		List<Document> chunks = ReadingChunks.chunks(batch);
		assertThat(chunks).hasSize(5)
			.allSatisfy((chunk) -> assertThat(
					(long) new RawBsonDocument(chunk, new DocumentCodec()).getByteBuffer().remaining())
				.isLessThan(ReadingChunks.MAX_BYTES));
		assertThat(chunks.stream().mapToInt((chunk) -> chunk.getInteger(ReadingChunks.COUNT)).sum()).isEqualTo(10);
	}

	@Test
	void timesAreKeptToTheMillisecond() {
		SensorReading precise = new SensorReading("r-1", SensorId.of("a"), "climate", null, BASE.plusNanos(1_234_567),
				BASE.plusNanos(7_654_321), Map.of("on", true, "status", "ok", "n", 3L));
		SensorReading stored = ReadingChunks.readings(ReadingChunks.chunks(List.of(precise)).get(0)).get(0);
		assertThat(stored.ts()).isEqualTo(BASE.plusMillis(1));
		assertThat(stored.receivedAt()).isEqualTo(BASE.plusMillis(7));
		assertThat(stored.location()).isNull();
		assertThat(stored.values()).isEqualTo(precise.values());
	}

	@Test
	void integersBeyondALongAreStoredAsDecimalsAndComeBackAsNumbers() {
		BigInteger beyondLong = new BigInteger("123456789012345678901234567890");
		BigInteger beyondDecimal = BigInteger.TEN.pow(40).add(BigInteger.ONE);
		SensorReading reading = new SensorReading("r-1", SensorId.of("a"), "climate", "attic", BASE, BASE,
				Map.of("small", BigInteger.valueOf(7), "big", beyondLong, "huge", beyondDecimal, "t", 21.5));
		Document chunk = ReadingChunks.chunks(List.of(reading)).get(0);
		// through BSON and back, as the store does
		Document stored = new DocumentCodec().decode(new BsonDocumentReader(chunk.toBsonDocument()),
				DecoderContext.builder().build());
		Map<String, Object> values = ReadingChunks.readings(stored).get(0).values();
		assertThat(values).containsEntry("small", 7L)
			.containsEntry("big", new BigDecimal(beyondLong))
			.containsEntry("huge", beyondDecimal.toString())
			.containsEntry("t", 21.5);
	}

	@Test
	void chunksWrittenBeforeWithTheReadingsInlineAreStillRead() {
		List<SensorReading> batch = List.of(reading("a", "r-1", 1, 1.5), reading("a", "r-2", 2, 2.5));
		Document packed = ReadingChunks.chunks(batch).get(0);
		assertThat(packed.get(ReadingChunks.PACKED)).isInstanceOf(Binary.class);
		Document inline = new Document(packed);
		inline.remove(ReadingChunks.PACKED);
		inline.append(ReadingChunks.READINGS, ReadingChunks.items(packed));
		// both through BSON and back, as the store does
		for (Document chunk : List.of(packed, inline)) {
			Document stored = new DocumentCodec().decode(new BsonDocumentReader(chunk.toBsonDocument()),
					DecoderContext.builder().build());
			assertThat(ReadingChunks.readings(stored)).containsExactlyElementsOf(batch);
		}
	}

	private static SensorReading reading(String sensor, String id, long second, double value) {
		return new SensorReading(id, SensorId.of(sensor), "climate", "attic", BASE.plusSeconds(second),
				BASE.plusSeconds(100 + second), Map.of("temperature", value));
	}

	private static String id(Document chunk) {
		return chunk.getString(ReadingChunks.ID);
	}

}
