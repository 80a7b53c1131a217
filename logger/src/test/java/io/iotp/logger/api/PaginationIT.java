package io.iotp.logger.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.logger.store.LogFilter;
import io.iotp.logger.store.LogStore;
import io.iotp.logger.store.Visibility;
import io.iotp.logger.support.Ingestion;
import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LogPages;
import io.iotp.logger.support.LoggerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Filters and cursor pagination over 10,000 entries of one app: three entries share each
 * millisecond (the id breaks the tie), levels, services and text vary by index, so every
 * expected answer is computed from the indexes.
 */
@LoggerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationIT {

	private static final int COUNT = 10_000;

	private static final String[] LEVELS = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR" };

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	LogStore store;

	private final String app = LogLines.unique("pages");

	private final Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

	private final List<String> ids = new ArrayList<>();

	private LogLines lines;

	private Api admin;

	@BeforeAll
	void publishTenThousand() {
		Ingestion.awaitAssigned(this.listeners);
		this.lines = new LogLines(this.kafka.getBrokersAsString());
		this.admin = new Api(this.port, this.tokens.admin("root"));
		List<Envelope<LogEntry>> batch = new ArrayList<>(COUNT);
		for (int i = 0; i < COUNT; i++) {
			Envelope<LogEntry> line = LogLines.appLine(this.app, (i % 2 == 0) ? "web" : "worker", LEVELS[i % 5],
					this.start.plusMillis(i / 3), "line " + i + ((i % 7 == 0) ? " has the NeEdLe.* in it" : ""));
			batch.add(line);
			this.ids.add(line.id());
		}
		this.lines.apps(batch);
		await().atMost(Duration.ofSeconds(60)).until(() -> stored() == COUNT);
	}

	@AfterAll
	void close() {
		this.lines.close();
		this.admin.close();
	}

	@Test
	void everyEntryComesExactlyOnceNewestFirstWhileNewOnesArrive() {
		List<Integer> pageSizes = new ArrayList<>();
		JsonNode firstPage = this.admin.get("/api/logs?limit=1000&app=" + this.app).json();
		// newer lines of the same app arrive while the client pages
		this.lines.apps(IntStream.range(0, 300)
			.mapToObj((i) -> LogLines.appLine(this.app, "web", "INFO", Instant.now(), "late " + i))
			.toList());
		await().atMost(Duration.ofSeconds(20)).until(() -> stored() == COUNT + 300);

		List<JsonNode> seen = new ArrayList<>();
		firstPage.path("items").forEach(seen::add);
		seen.addAll(LogPages.all(this.admin, "/api/logs?limit=1000&app=" + this.app, firstPage.path("next").asString(),
				pageSizes));

		assertThat(pageSizes).containsExactly(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);
		assertThat(seen).extracting((entry) -> entry.path("id").asString())
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(this.ids);
		for (int i = 1; i < seen.size(); i++) {
			Instant before = Instant.parse(seen.get(i - 1).path("time").asString());
			Instant after = Instant.parse(seen.get(i).path("time").asString());
			assertThat(after).isBeforeOrEqualTo(before);
			if (after.equals(before)) {
				assertThat(seen.get(i).path("id").asString()).isLessThan(seen.get(i - 1).path("id").asString());
			}
		}
		assertThat(seen.get(0).path("message").asString()).startsWith("line 999");
		assertThat(seen.get(seen.size() - 1).path("message").asString()).isIn("line 0 has the NeEdLe.* in it", "line 1",
				"line 2");
	}

	@Test
	void levelMeansThatLevelAndAbove() {
		assertFinds("level=warn", (i) -> i % 5 >= 3);
		assertFinds("level=ERROR", (i) -> i % 5 == 4);
	}

	@Test
	void sourceServiceAndTextFilter() {
		// the late lines of the concurrency test are web INFO lines, newer than all of
		// these
		assertFinds("source=" + this.app + "/web&to=" + this.start.plusSeconds(60), (i) -> i % 2 == 0);
		assertFinds("q=needle.*", (i) -> i % 7 == 0);
		assertFinds("q=line%20123", (i) -> String.valueOf(i).startsWith("123"));
		assertFinds("level=ERROR&source=" + this.app + "/web&q=NEEDLE", (i) -> i % 5 == 4 && i % 2 == 0 && i % 7 == 0);
	}

	@Test
	void timeRangeIncludesFromAndExcludesTo() {
		assertFinds("from=" + this.start.plusMillis(1000) + "&to=" + this.start.plusMillis(2000),
				(i) -> i / 3 >= 1000 && i / 3 < 2000);
		assertFinds("to=" + this.start.plusMillis(10), (i) -> i / 3 < 10);
	}

	@Test
	void deploymentAndInstanceFilters() {
		JsonNode page = this.admin.get("/api/logs?limit=5&deployment=d-" + this.app + "&instance=i-" + this.app + "-1")
			.json();
		assertThat(page.path("items").size()).isEqualTo(5);
		assertThat(page.path("next").isString()).isTrue();
		assertThat(this.admin.get("/api/logs?deployment=d-none-" + this.app).json().path("items").size()).isZero();
	}

	private void assertFinds(String filter, IntPredicate expected) {
		Set<String> wanted = new HashSet<>();
		IntStream.range(0, COUNT).filter(expected).forEach((i) -> wanted.add(this.ids.get(i)));
		List<JsonNode> found = LogPages.all(this.admin, "/api/logs?limit=1000&app=" + this.app + "&" + filter,
				new ArrayList<>());
		assertThat(found).as(filter)
			.extracting((entry) -> entry.path("id").asString())
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(wanted);
	}

	private int stored() {
		return this.store
			.page(new LogFilter(null, this.app, null, null, null, null, null, null, Visibility.everything()), null,
					COUNT + 1000)
			.size();
	}

}
