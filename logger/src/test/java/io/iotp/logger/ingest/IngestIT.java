package io.iotp.logger.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LogPages;
import io.iotp.logger.support.LoggerTest;
import io.iotp.logger.support.PublishingTest;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lines published on the real topics become queryable entries, with every id kept and
 * secrets masked.
 */
@LoggerTest
class IngestIT extends PublishingTest {

	@Test
	void anAppLineIsQueryableByItsAppWithinTwoSeconds() {
		String app = LogLines.unique("gh");
		Envelope<LogEntry> line = LogLines.appLine(app, "web", "INFO", Instant.now(), "listening on port 8000");

		this.lines.app(line);
		long sent = System.nanoTime();

		JsonNode entry = await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> first(this.admin.get("/api/logs?app=" + app)), (found) -> found != null);
		System.out.printf("app line queryable after %d ms%n", (System.nanoTime() - sent) / 1_000_000);
		assertThat(entry.path("id").asString()).isEqualTo(line.id());
		assertThat(entry.path("kind").asString()).isEqualTo("APP");
		assertThat(entry.path("source").asString()).isEqualTo(app + "/web");
		assertThat(entry.path("app").asString()).isEqualTo(app);
		assertThat(entry.path("service").asString()).isEqualTo("web");
		assertThat(entry.path("deployment").asString()).isEqualTo("d-" + app);
		assertThat(entry.path("instance").asString()).isEqualTo("i-" + app + "-1");
		assertThat(entry.path("node").asString()).isEqualTo("local-1");
		assertThat(entry.path("level").asString()).isEqualTo("INFO");
		assertThat(entry.path("logger").asString()).isEqualTo("stdout");
		assertThat(entry.path("message").asString()).isEqualTo("listening on port 8000");
		assertThat(Instant.parse(entry.path("time").asString()))
			.isEqualTo(line.payload().time().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
	}

	@Test
	void aPlatformLineKeepsItsMdcIdsCorrelationIdAndStackTrace() {
		String deployment = LogLines.unique("d");
		Envelope<LogEntry> line = LogLines.platformLine("deployer", "ERROR", Instant.now(),
				"[deployment " + deployment + "] start failed",
				Map.of("correlationId", "c-" + deployment, "deploymentId", deployment, "app", "greenhouse",
						"instanceId", "i-77", "nodeId", "n-2"),
				"java.lang.IllegalStateException: token=abc123\n\tat io.iotp.X.y(X.java:1)\n");

		this.lines.platform(line);

		JsonNode entry = await().atMost(Duration.ofSeconds(5))
			.until(() -> first(this.admin.get("/api/logs?deployment=" + deployment)), (found) -> found != null);
		assertThat(entry.path("kind").asString()).isEqualTo("PLATFORM");
		assertThat(entry.path("source").asString()).isEqualTo("deployer");
		assertThat(entry.path("app").asString()).isEqualTo("greenhouse");
		assertThat(entry.path("instance").asString()).isEqualTo("i-77");
		assertThat(entry.path("node").asString()).isEqualTo("n-2");
		assertThat(entry.path("correlationId").asString()).isEqualTo("c-" + deployment);
		assertThat(entry.path("thread").asString()).isEqualTo("main");
		assertThat(entry.path("logger").asString()).isEqualTo("io.iotp.deployer.Thing");
		assertThat(entry.path("level").asString()).isEqualTo("ERROR");
		assertThat(entry.path("stackTrace").asString()).contains("token=[REDACTED]", "at io.iotp.X.y(X.java:1)")
			.doesNotContain("abc123");
	}

	@Test
	void theCorrelationIdMayComeFromTheMdcAlone() {
		String correlation = LogLines.unique("c");
		LogEntry entry = new LogEntry("app-controller", "app-controller-1", Instant.now(), "INFO", "x", null,
				"mdc only " + correlation, null, Map.of("correlationId", correlation));
		this.lines.platform(Envelope.of("app-controller", null, entry));

		JsonNode stored = await().atMost(Duration.ofSeconds(5))
			.until(() -> first(this.admin.get(LogPages.query("/api/logs", "q", "mdc only " + correlation))),
					(found) -> found != null);
		assertThat(stored.path("correlationId").asString()).isEqualTo(correlation);
	}

	@Test
	void aRedeliveredLineIsStoredOnce() {
		String app = LogLines.unique("dup");
		Envelope<LogEntry> line = LogLines.appLine(app, "web", "INFO", Instant.now(), "once");
		Envelope<LogEntry> after = LogLines.appLine(app, "web", "INFO", Instant.now().plusMillis(1), "after");

		this.lines.apps(List.of(line, line, after, line));

		await().atMost(Duration.ofSeconds(5)).until(() -> items(this.admin.get("/api/logs?app=" + app)).size() >= 2);
		List<JsonNode> stored = items(this.admin.get("/api/logs?app=" + app));
		assertThat(stored).extracting((node) -> node.path("message").asString()).containsExactly("after", "once");
	}

	@Test
	void aPasswordAnAppPrintsIsStoredMasked() {
		String app = LogLines.unique("pw");
		this.lines.apps(List.of(
				LogLines.appLine(app, "web", "INFO", Instant.now(), "connecting to db with password=hunter2-secret"),
				LogLines.appLine(app, "web", "INFO", Instant.now(),
						"config {\"user\":\"ada\",\"apiKey\":\"k-0123456789\"}"),
				LogLines.appLine(app, "web", "ERROR", Instant.now(),
						"Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl")));

		await().atMost(Duration.ofSeconds(5)).until(() -> items(this.admin.get("/api/logs?app=" + app)).size() == 3);
		String stored = this.admin.get("/api/logs?app=" + app).text();
		assertThat(stored).doesNotContain("hunter2", "k-0123456789", "eyJzdWIiOiJhZGEifQ")
			.contains("password=[REDACTED]", "\\\"apiKey\\\":\\\"[REDACTED]\\\"", "Bearer [REDACTED]");
		assertThat(items(this.admin.get(LogPages.query("/api/logs", "app", app, "q", "hunter2")))).isEmpty();
	}

	private static JsonNode first(Api.Response response) {
		List<JsonNode> items = items(response);
		return items.isEmpty() ? null : items.get(0);
	}

	private static List<JsonNode> items(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> items = new java.util.ArrayList<>();
		response.json().path("items").forEach(items::add);
		return items;
	}

}
