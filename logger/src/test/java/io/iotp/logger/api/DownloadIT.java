package io.iotp.logger.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.logger.support.Ingestion;
import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LoggerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Downloads: the newest entries up to the limit, newest first, as NDJSON or text,
 * filtered like queries.
 */
@LoggerTest
class DownloadIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	private LogLines lines;

	private Api admin;

	private String app;

	private final Instant start = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

	@BeforeEach
	void thirtyLines() {
		Ingestion.awaitAssigned(this.listeners);
		this.lines = new LogLines(this.kafka.getBrokersAsString());
		this.admin = new Api(this.port, this.tokens.admin("root"));
		this.app = LogLines.unique("dl");
		this.lines.apps(IntStream.range(0, 30)
			.mapToObj((i) -> LogLines.appLine(this.app, "web", (i % 10 == 0) ? "ERROR" : "INFO",
					this.start.plusMillis(i), "line " + i))
			.toList());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.admin.get("/api/logs?limit=100&app=" + this.app).json().path("items").size() == 30);
	}

	@AfterEach
	void close() {
		this.lines.close();
		this.admin.close();
	}

	@Test
	void ndjsonIsOneEntryPerLineNewestFirst() {
		Api.Response response = this.admin.get("/api/logs/download?app=" + this.app);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/x-ndjson");
		assertThat(response.contentDisposition()).startsWith("attachment").contains(".ndjson");
		List<String> messages = response.text()
			.lines()
			.map((line) -> JSON.readTree(line).path("message").asString())
			.toList();
		assertThat(messages)
			.containsExactlyElementsOf(IntStream.range(0, 30).mapToObj((i) -> "line " + (29 - i)).toList());
	}

	@Test
	void textWithALimitHasTheNewestLines() {
		Api.Response response = this.admin.get("/api/logs/download?format=text&limit=5&app=" + this.app);
		assertThat(response.contentType()).startsWith("text/plain");
		List<String> text = response.text().lines().toList();
		assertThat(text).hasSize(5);
		assertThat(text.get(0)).startsWith(this.start.plusMillis(29).toString())
			.contains("INFO ", "[" + this.app + "/web i-" + this.app + "-1]")
			.endsWith("line 29");
		assertThat(text.get(4)).endsWith("line 25");
	}

	@Test
	void filtersApplyAndTheMaximumIsEnforced() {
		assertThat(this.admin.get("/api/logs/download?level=ERROR&app=" + this.app).text().lines()).hasSize(3);
		Api.Response tooMany = this.admin.get("/api/logs/download?limit=5001&app=" + this.app);
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().path("errors").get(0).path("path").asString()).isEqualTo("limit");
	}

}
