package io.iotp.sensormanager.history;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoClients;
import com.sun.management.OperatingSystemMXBean;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.starter.kafka.SkippedRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What storing the history costs the embedded store, per layout: readings of 100 sensors
 * written through the writer's storage method into a MongoDB wire-protocol server on an
 * H2 file (as {@code iotp up} runs it), once as one document per reading (the layout
 * before chunks, with its three indexes, in the old writer's batches of 2,000), as chunks
 * at several batch sizes, and as chunks with their readings inline (as they were written
 * before being packed). Prints readings/s and CPU time per 1,000 readings: of the whole
 * JVM (writer and store), and of the store's threads alone; then the mean time of the
 * latest reading and of a page of 100 of one sensor in the filled store (the embedded
 * store scans the collection for each). The store runs in this JVM, so both sides share
 * the machine's cores as they do in the platform. The suite runs it with 2,000 readings,
 * to check that it works (those figures mean nothing); measure with
 * {@code ./mvnw -pl sensor-manager -am verify -Dit.test=HistoryWriteBenchIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Diotp.bench=true [-Diotp.bench.readings=100000]}.
 */
class HistoryWriteBenchIT {

	private static final boolean MEASURING = Boolean.getBoolean("iotp.bench");

	private static final int SENSORS = 100;

	private static final int OLD_BATCH = 2000;

	/** Page size of the read figures. */
	private static final int PAGE = 100;

	/** Queries of each kind timed after the writes. */
	private static final int QUERIES = 20;

	private static final HistoryProperties PROPERTIES = new HistoryProperties(Duration.ofDays(7), 100, 1000,
			Duration.ofMinutes(2));

	private static final int[] CHUNK_BATCHES = { 500, 2500, 5000 };

	private static final int[] INLINE_BATCHES = { 2500, 5000 };

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	@TempDir
	Path dir;

	@Test
	void perReadingVersusChunks() throws Exception {
		int count = Integer.getInteger("iotp.bench.readings", MEASURING ? 100_000 : 10_000);
		List<SensorReading> readings = readings(count, new Random(7));
		List<SensorReading> warmUp = readings(MEASURING ? 20_000 : 10_000, new Random(8));
		// warm up both paths on throwaway stores, so the JIT has compiled them before the
		// figures
		run("warm-up", warmUp, OLD_BATCH, this::oldLayout);
		run("warm-up", warmUp, 2500, this::chunkLayout);
		System.gc();
		List<Result> results = new ArrayList<>();
		results.add(run("per-reading", readings, OLD_BATCH, this::oldLayout));
		for (int batch : CHUNK_BATCHES) {
			results.add(run("chunks", readings, batch, this::chunkLayout));
		}
		for (int batch : INLINE_BATCHES) {
			results.add(run("inline", readings, batch, this::inlineChunkLayout));
		}
		Result old = results.get(0);
		System.out.printf("HISTORY-WRITE-BENCH %d readings over %d sensors, H2 file store, %d cores, %s%s%n", count,
				SENSORS, Runtime.getRuntime().availableProcessors(), Instant.now(),
				MEASURING ? "" : " (smoke run: the figures mean nothing)");
		System.out.printf("HISTORY-WRITE-BENCH %-11s %6s %9s %12s %15s %15s %10s %8s %13s %10s %10s%n", "layout",
				"batch", "documents", "readings/s", "cpu ms/1000 all", "store ms/1000", "file MB", "x rate",
				"x less cpu", "latest ms", "page ms");
		for (Result result : results) {
			System.out.printf(
					"HISTORY-WRITE-BENCH %-11s %6d %9d %12.0f %15.2f %15.2f %10.1f %8.1f %13.1f %10.1f %10.1f%n",
					result.layout(), result.batch(), result.documents(), result.perSecond(), result.cpuPerThousand(),
					result.storeCpuPerThousand(), result.fileBytes() / 1e6, result.perSecond() / old.perSecond(),
					old.cpuPerThousand() / result.cpuPerThousand(), result.latestMillis(), result.pageMillis());
		}
		assertThat(results).allSatisfy((result) -> assertThat(result.documents()).isPositive());
	}

	/**
	 * The writer before chunks: its indexes, and a bulk insert of one mapped document per
	 * reading.
	 */
	private void oldLayout(Store store) {
		IndexOperations indexes = store.template().indexOps(ReadingDocument.class);
		indexes.createIndex(new Index().on("sensorId", Sort.Direction.ASC)
			.on("ts", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC)
			.named("sensor-newest-first"));
		indexes.createIndex(new Index().on("receivedAt", Sort.Direction.ASC).named("retention"));
		store.writes((batch) -> store.template()
			.bulkOps(BulkOperations.BulkMode.UNORDERED, ReadingDocument.class)
			.insert(batch.stream().map(ReadingDocument::of).toList())
			.execute());
		// the queries of before are the fallback's now
		LegacyReadings reads = new LegacyReadings(store.template());
		store.reads((sensor) -> reads.newest(sensor, null, null, null, 1),
				(sensor) -> reads.newest(sensor, null, null, null, PAGE + 1));
	}

	private void chunkLayout(Store store) {
		HistoryWriter writer = new HistoryWriter(store.template(), PROPERTIES,
				new SkippedRecords(new SimpleMeterRegistry()));
		writer.createIndexes();
		store.writes(writer::store);
		History history = new History(store.template(), new LegacyReadings(store.template()), PROPERTIES);
		store.reads((sensor) -> history.latest(sensor).stream().toList(),
				(sensor) -> history.page(sensor, null, null, PAGE, null).items());
	}

	/**
	 * Chunks as they were written before their readings were packed into one binary
	 * value: inline. Its "cpu all" includes unpacking what {@link ReadingChunks#chunks}
	 * packed; "store" is the store's alone.
	 */
	private void inlineChunkLayout(Store store) {
		HistoryWriter writer = new HistoryWriter(store.template(), PROPERTIES,
				new SkippedRecords(new SimpleMeterRegistry()));
		writer.createIndexes();
		MongoCollection<Document> chunks = store.template().getCollection(ReadingChunks.COLLECTION);
		store.writes((batch) -> chunks.insertMany(ReadingChunks.chunks(batch).stream().map((packed) -> {
			Document inline = new Document(packed);
			inline.remove(ReadingChunks.PACKED);
			return inline.append(ReadingChunks.READINGS, ReadingChunks.items(packed));
		}).toList()));
		History history = new History(store.template(), new LegacyReadings(store.template()), PROPERTIES);
		store.reads((sensor) -> history.latest(sensor).stream().toList(),
				(sensor) -> history.page(sensor, null, null, PAGE, null).items());
	}

	private Result run(String layout, List<SensorReading> readings, int batch, Consumer<Store> setUp) throws Exception {
		Path file = Files.createTempFile(this.dir, layout, ".mv");
		Files.delete(file);
		MongoServer server = new MongoServer(new H2Backend(file.toString()));
		Result result;
		try (MongoClient client = MongoClients
			.create("mongodb://127.0.0.1:" + server.bind().getPort() + "/?uuidRepresentation=standard")) {
			Store store = new Store(new MongoTemplate(client, "iotp-sensor-manager"));
			setUp.accept(store);
			long storeCpu = storeThreadsCpu();
			long cpu = this.os.getProcessCpuTime();
			long start = System.nanoTime();
			for (int from = 0; from < readings.size(); from += batch) {
				store.write().accept(readings.subList(from, Math.min(from + batch, readings.size())));
			}
			long nanos = System.nanoTime() - start;
			cpu = this.os.getProcessCpuTime() - cpu;
			storeCpu = storeThreadsCpu() - storeCpu;
			long documents = 0;
			for (String name : store.template().getCollectionNames()) {
				documents += store.template().getCollection(name).countDocuments();
			}
			double latestMillis = timeQueries(store.latest(), 1);
			double pageMillis = timeQueries(store.page(), PAGE);
			double thousands = readings.size() / 1000.0;
			result = new Result(layout, batch, documents, readings.size() / (nanos / 1e9), cpu / 1e6 / thousands,
					storeCpu / 1e6 / thousands, 0, latestMillis, pageMillis);
		}
		finally {
			server.shutdown();
		}
		return new Result(result.layout(), result.batch(), result.documents(), result.perSecond(),
				result.cpuPerThousand(), result.storeCpuPerThousand(), Files.size(file), result.latestMillis(),
				result.pageMillis());
	}

	/**
	 * Mean milliseconds of one query for a sensor (each asked for once before, untimed).
	 */
	private static double timeQueries(Function<String, List<SensorReading>> query, int expected) {
		for (int i = 0; i < QUERIES; i++) {
			assertThat(query.apply("s-sensor" + i)).hasSizeGreaterThanOrEqualTo(expected);
		}
		long start = System.nanoTime();
		for (int i = 0; i < QUERIES; i++) {
			query.apply("s-sensor" + (SENSORS - 1 - i));
		}
		return (System.nanoTime() - start) / 1e6 / QUERIES;
	}

	/**
	 * CPU time of the store's (Netty) threads, which do its work; the writer's is the
	 * calling thread's.
	 */
	private long storeThreadsCpu() {
		long total = 0;
		for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().contains("server-worker")) {
				total += Math.max(0, this.threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return total;
	}

	/**
	 * Readings as ingestion makes them: round robin over the sensors, a few milliseconds
	 * apart.
	 */
	private static List<SensorReading> readings(int count, Random random) {
		HexFormat hex = HexFormat.of();
		Instant base = Instant.now().minus(Duration.ofMinutes(10));
		List<SensorReading> readings = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			byte[] id = new byte[16];
			random.nextBytes(id);
			Map<String, Object> values = new LinkedHashMap<>();
			values.put("temperature", Math.round(random.nextGaussian() * 50) / 10.0 + 21);
			values.put("humidity", random.nextInt(30, 70));
			Instant at = base.plusMillis(i / 5);
			readings.add(new SensorReading("r-" + hex.formatHex(id).substring(1),
					SensorId.of("s-sensor" + (i % SENSORS)), "climate", "greenhouse-1", at, at.plusMillis(3), values));
		}
		return readings;
	}

	/** A store under test and how one batch is written into it. */
	private static final class Store {

		private final MongoTemplate template;

		private Consumer<List<SensorReading>> write = (batch) -> {
		};

		Store(MongoTemplate template) {
			this.template = template;
		}

		MongoTemplate template() {
			return this.template;
		}

		private Function<String, List<SensorReading>> latest = (sensor) -> List.of();

		private Function<String, List<SensorReading>> page = (sensor) -> List.of();

		void writes(Consumer<List<SensorReading>> write) {
			this.write = write;
		}

		void reads(Function<String, List<SensorReading>> latest, Function<String, List<SensorReading>> page) {
			this.latest = latest;
			this.page = page;
		}

		Function<String, List<SensorReading>> latest() {
			return this.latest;
		}

		Function<String, List<SensorReading>> page() {
			return this.page;
		}

		Consumer<List<SensorReading>> write() {
			return this.write;
		}

	}

	private record Result(String layout, int batch, long documents, double perSecond, double cpuPerThousand,
			double storeCpuPerThousand, long fileBytes, double latestMillis, double pageMillis) {
	}

}
