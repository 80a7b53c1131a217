package io.iotp.sensormanager.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.mongodb.client.model.Filters;

import io.iotp.contracts.Topics;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.MessagePublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The history in chunks: a reading delivered or written more than once is returned once,
 * pages are exact across out-of-order chunks, the per-reading layout of before is read
 * beside them, and retention deletes only chunks whose readings are all old.
 */
@SensorManagerTest
class HistoryIT {

	private static final Comparator<SensorReading> NEWEST_FIRST = Comparator.comparing(SensorReading::ts)
		.thenComparing(SensorReading::id)
		.reversed();

	@Autowired
	MessagePublisher publisher;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	History history;

	@Autowired
	HistoryWriter writer;

	@Test
	void aReadingDeliveredTwiceIsStoredOnce() throws Exception {
		String sensor = sensor();
		Instant now = Instant.now();
		SensorReading reading = reading(sensor, now, now, 20.5);
		SensorReading other = reading(sensor, now.plusSeconds(1), now, 21.5);
		this.publisher.publish(Topics.SENSOR_DATA, reading).get();
		this.publisher.publish(Topics.SENSOR_DATA, reading).get();
		this.publisher.publish(Topics.SENSOR_DATA, other).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> all(sensor, null, null, 1000).size() == 2);
		this.publisher.publish(Topics.SENSOR_DATA, reading).get();
		SensorReading marker = reading(sensor, now.plusSeconds(2), now, 22.5);
		this.publisher.publish(Topics.SENSOR_DATA, marker).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> all(sensor, null, null, 1000).size() == 3);
		assertThat(all(sensor, null, null, 1000)).extracting(SensorReading::id)
			.containsExactly(marker.id(), other.id(), reading.id());
		assertThat(this.history.latest(sensor))
			.hasValueSatisfying((latest) -> assertThat(latest.id()).isEqualTo(marker.id()));
	}

	@Test
	void aPageTakesTheNewestReadingsOfChunksWhoseTimesOverlap() {
		String sensor = sensor();
		// chunks span epoch-aligned windows: the readings stay in one (the last moment of
		// the window before this one), whatever the time of day the test runs at
		long span = ReadingChunks.SPAN.toMillis();
		Instant now = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), span) * span - 1);
		// chunk 1 holds the newest and the oldest reading, chunk 2 everything between
		SensorReading newest = reading(sensor, now.minusSeconds(1), now, 100);
		SensorReading oldest = reading(sensor, now.minusSeconds(100), now, 1);
		List<SensorReading> between = new ArrayList<>();
		for (int i = 50; i < 60; i++) {
			between.add(reading(sensor, now.minusSeconds(100 - i), now, i));
		}
		this.writer.store(List.of(newest, oldest));
		this.writer.store(between);
		assertThat(this.mongo.getCollection(ReadingChunks.COLLECTION).countDocuments(Filters.eq("sensorId", sensor)))
			.isEqualTo(2);
		History.Page first = this.history.page(sensor, null, null, 3, null);
		assertThat(first.items()).containsExactly(newest, between.get(9), between.get(8));
		History.Page second = this.history.page(sensor, null, null, 8, first.next());
		assertThat(second.items()).containsExactlyElementsOf(between.reversed().subList(2, 10));
		History.Page last = this.history.page(sensor, null, null, 8, second.next());
		assertThat(last.items()).containsExactly(oldest);
		assertThat(last.next()).isNull();
		assertThat(this.history.latest(sensor)).contains(newest);
	}

	@Test
	void pagesAreExactOverOutOfOrderChunksWrittenMoreThanOnceWithOtherBoundaries() {
		String sensor = sensor();
		Random random = new Random(42);
		Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(3));
		List<SensorReading> readings = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			// three hours of device time, out of order; every fourth shares a millisecond
			// with another
			long millis = (i % 4 == 0 && i > 0) ? readings.get(i - 1).ts().toEpochMilli() - base.toEpochMilli()
					: random.nextLong(Duration.ofHours(3).toMillis());
			readings.add(reading(sensor, base.plusMillis(millis), Instant.now(), i));
		}
		writeInBatches(readings, random);
		// read again after a "crash": another run over the same readings, with other
		// batch boundaries
		writeInBatches(readings.subList(100, 300), random);
		// and one batch written twice exactly
		this.writer.store(readings.subList(0, 37));
		this.writer.store(readings.subList(0, 37));
		List<SensorReading> expected = new ArrayList<>(readings);
		expected.sort(NEWEST_FIRST);
		Instant from = expected.get(300).ts();
		Instant to = expected.get(50).ts();
		for (int limit : new int[] { 1, 7, 50, 399, 400, 1000 }) {
			assertThat(all(sensor, null, null, limit)).as("limit %d", limit).containsExactlyElementsOf(expected);
			assertThat(all(sensor, from, to, limit)).as("[%s, %s) limit %d", from, to, limit)
				.containsExactlyElementsOf(expected.stream()
					.filter((reading) -> !reading.ts().isBefore(from) && reading.ts().isBefore(to))
					.toList());
		}
		assertThat(this.history.latest(sensor)).contains(expected.get(0));
	}

	@Test
	void readingsOfThePerReadingLayoutAreReadBesideTheChunks() {
		String sensor = sensor();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<SensorReading> before = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			before.add(reading(sensor, now.minusSeconds(10 - 2L * i), now, i));
		}
		before.forEach((reading) -> this.mongo.insert(ReadingDocument.of(reading)));
		List<SensorReading> after = List.of(reading(sensor, now.minusSeconds(9), now, 10),
				reading(sensor, now.minusSeconds(1), now, 11));
		// the upgrade re-read the last old reading from Kafka into a chunk
		this.writer.store(List.of(after.get(0), before.get(4), after.get(1)));
		List<SensorReading> expected = new ArrayList<>(before);
		expected.addAll(after);
		expected.sort(NEWEST_FIRST);
		for (int limit : new int[] { 1, 2, 3, 100 }) {
			assertThat(all(sensor, null, null, limit)).as("limit %d", limit).containsExactlyElementsOf(expected);
		}
		assertThat(this.history.latest(sensor)).contains(after.get(1));
		this.mongo.remove(Query.query(Criteria.where("sensorId").is(sensor)), ReadingDocument.class);
	}

	@Test
	void retentionDeletesChunksWhoseReadingsWereAllReceivedBeforeItsAge() {
		String sensor = sensor();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Instant eightDaysAgo = now.minus(Duration.ofDays(8));
		SensorReading old = reading(sensor, eightDaysAgo, eightDaysAgo, 1);
		SensorReading partlyOld = reading(sensor, now.minusSeconds(2), eightDaysAgo.plusSeconds(1), 2);
		SensorReading recent = reading(sensor, now, now, 3);
		SensorReading legacyOld = reading(sensor, eightDaysAgo.minusSeconds(1), eightDaysAgo.minusSeconds(1), 4);
		SensorReading legacyRecent = reading(sensor, now.minusSeconds(1), now.minusSeconds(1), 5);
		this.writer.store(List.of(old));
		// a batch read late: one chunk with an old and a recent reading, kept until all
		// of it is old
		this.writer.store(List.of(partlyOld, recent));
		this.mongo.insert(ReadingDocument.of(legacyOld));
		this.mongo.insert(ReadingDocument.of(legacyRecent));
		this.history.applyRetention();
		assertThat(this.mongo.getCollection(ReadingChunks.COLLECTION).countDocuments(Filters.eq("sensorId", sensor)))
			.isEqualTo(1);
		assertThat(all(sensor, null, null, 100)).containsExactly(recent, legacyRecent, partlyOld);
		this.mongo.remove(Query.query(Criteria.where("sensorId").is(sensor)), ReadingDocument.class);
	}

	@Test
	void retentionDropsTheEmptiedPerReadingCollection() {
		String sensor = sensor();
		Instant old = Instant.now().minus(Duration.ofDays(8));
		// other tests remove what they put there, but one that failed may not have
		this.mongo.remove(new Query(), ReadingDocument.class);
		this.mongo.insert(ReadingDocument.of(reading(sensor, old, old, 1)));
		this.history.applyRetention();
		assertThat(this.mongo.collectionExists(ReadingDocument.COLLECTION)).isFalse();
		assertThat(all(sensor, null, null, 10)).isEmpty();
	}

	@Test
	void anIntegerBeyondALongIsStoredAsANumber() {
		String sensor = sensor();
		BigInteger big = new BigInteger("123456789012345678901234567890");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.writer.storeWithRetries(List.of(new SensorReading("r-big-" + sensor, SensorId.of(sensor), "counter",
				"attic", now, now, Map.of("count", big, "small", BigInteger.TWO))));
		assertThat(this.history.latest(sensor))
			.hasValueSatisfying((reading) -> assertThat(reading.values()).containsEntry("count", new BigDecimal(big))
				.containsEntry("small", 2L));
	}

	/** Writes the readings in order, in batches of random sizes (1 to 40). */
	private void writeInBatches(List<SensorReading> readings, Random random) {
		for (int start = 0; start < readings.size();) {
			int end = Math.min(readings.size(), start + 1 + random.nextInt(40));
			this.writer.store(readings.subList(start, end));
			start = end;
		}
	}

	/** Every page of the history, in order, checking that only the last has no next. */
	private List<SensorReading> all(String sensor, @Nullable Instant from, @Nullable Instant to, int limit) {
		List<SensorReading> all = new ArrayList<>();
		String cursor = null;
		do {
			History.Page page = this.history.page(sensor, from, to, limit, cursor);
			if (page.next() != null) {
				assertThat(page.items()).hasSize(limit);
			}
			all.addAll(page.items());
			cursor = page.next();
		}
		while (cursor != null);
		return all;
	}

	/** A reading with times to the millisecond, as they come back from the store. */
	private static SensorReading reading(String sensor, Instant ts, Instant receivedAt, double value) {
		return new SensorReading("r-" + UUID.randomUUID().toString().replace("-", ""), SensorId.of(sensor), "climate",
				"attic", ts.truncatedTo(ChronoUnit.MILLIS), receivedAt.truncatedTo(ChronoUnit.MILLIS),
				Map.of("temperature", value));
	}

	private static String sensor() {
		return "h-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
