package io.iotp.logger.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store against the MongoDB wire protocol: idempotent unordered bulk inserts,
 * cursors, downloads, retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogStoreIT {

	private MongoServer server;

	private MongoClient client;

	private LogStore store;

	@BeforeAll
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
		this.store = new LogStore(new MongoTemplate(this.client, "iotp-logger"));
		this.store.ensureIndexes();
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	private static LogRecord record(String app, Instant time, String message) {
		return new LogRecord(UUID.randomUUID().toString(), time, LogKind.APP, app + "/web", app, "web", "d-1", "i-1",
				"n-1", LogLevel.INFO, "stdout", null, message, null, null);
	}

	@Test
	void redeliveredLinesAreReadOnce() {
		String app = "dup-" + UUID.randomUUID();
		Instant now = Instant.parse("2026-11-26T10:00:00Z");
		LogRecord a = record(app, now, "a");
		LogRecord b = record(app, now.plusMillis(1), "b");
		assertThat(this.store.insert(List.of(a, b))).containsExactly(a, b);
		LogRecord c = record(app, now.plusMillis(2), "c");
		LogRecord d = record(app, now.plusMillis(3), "d");

		// the same batch again is refused whole; lines stored again in another batch are
		// read once
		assertThat(this.store.insert(List.of(a, b))).isEmpty();
		assertThat(this.store.insert(List.of(c, a, d, b))).containsExactly(c, a, d, b);

		assertThat(page(app, null, 10)).extracting(LogRecord::message).containsExactly("d", "c", "b", "a");
		assertThat(page(app, page(app, null, 2).get(1).cursor(), 10)).extracting(LogRecord::message)
			.containsExactly("b", "a");
	}

	@Test
	void pagesFollowCursorsQuicklyOverThousandsOfEntries() {
		String app = "pages-" + UUID.randomUUID();
		Instant start = Instant.parse("2026-11-26T10:00:00Z");
		List<LogRecord> records = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			records.add(record(app, start.plusMillis(i / 3), "line " + i));
		}
		this.store.insert(records);
		long began = System.nanoTime();
		List<LogRecord> seen = new ArrayList<>();
		LogCursor cursor = null;
		do {
			List<LogRecord> page = page(app, cursor, 1000);
			seen.addAll(page);
			cursor = (page.size() == 1000) ? page.get(page.size() - 1).cursor() : null;
		}
		while (cursor != null);
		System.out.printf("10 pages of 1000 over 10,000 entries in %d ms%n", (System.nanoTime() - began) / 1_000_000);
		assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
		assertThat(this.store.countLines()).isGreaterThanOrEqualTo(10_000);
	}

	@Test
	void linesAreChunkedByKindAppAndHour() {
		Instant start = Instant.parse("2026-11-26T10:59:59.500Z");
		List<LogRecord> lines = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			lines.add(record("a", start, "x"));
		}
		lines.add(record("b", start, "x"));
		lines.add(record("a", start.plusSeconds(1), "next hour"));
		assertThat(LogDocuments.chunks(lines)).extracting((chunk) -> chunk.lines().size())
			.containsExactly(1000, 1000, 500, 1, 1);
	}

	@Test
	void retentionDeletesWholeChunksOfOldLines() {
		String app = "old-" + UUID.randomUUID();
		Instant now = Instant.now();
		this.store.insert(List.of(record(app, now.minusSeconds(30 * 86400), "old"), record(app, now, "new")));
		assertThat(this.store.deleteOlderThan(now.minusSeconds(7 * 86400))).isGreaterThanOrEqualTo(1);
		assertThat(page(app, null, 10)).extracting(LogRecord::message).containsExactly("new");
	}

	@Test
	void downloadsTakeTheNewestUpToTheMaximumPageByPage() {
		String app = "chrono-" + UUID.randomUUID();
		Instant start = Instant.parse("2026-11-26T10:00:00Z");
		List<LogRecord> records = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			records.add(record(app, start.plusMillis(i), "line " + i));
		}
		this.store.insert(records);
		List<String> messages = new ArrayList<>();
		this.store.forEachNewest(filter(app), 2100, (record) -> messages.add(record.message()));
		assertThat(messages).hasSize(2100).doesNotHaveDuplicates();
		assertThat(messages.get(0)).isEqualTo("line 2499");
		assertThat(messages.get(2099)).isEqualTo("line 400");
		List<String> all = new ArrayList<>();
		this.store.forEachNewest(filter(app), 100_000, (record) -> all.add(record.message()));
		assertThat(all).hasSize(2500);
	}

	private List<LogRecord> page(String app, LogCursor cursor, int limit) {
		return this.store.page(filter(app), cursor, limit);
	}

	private static LogFilter filter(String app) {
		return new LogFilter(null, app, null, null, null, null, null, null, Visibility.everything());
	}

}
