package io.iotp.logger.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entries older than the retention age (7 days by default) are deleted; younger ones
 * stay.
 */
@LoggerTest
class RetentionIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	RetentionJob retention;

	@Autowired
	RetentionProperties properties;

	private LogLines lines;

	private Api admin;

	@BeforeEach
	void setUp() {
		Ingestion.awaitAssigned(this.listeners);
		this.lines = new LogLines(this.kafka.getBrokersAsString());
		this.admin = new Api(this.port, this.tokens.admin("root"));
	}

	@AfterEach
	void tearDown() {
		this.lines.close();
		this.admin.close();
	}

	@Test
	void deletesWhatIsOlderThanTheRetentionAge() {
		assertThat(this.properties.maxAge()).isEqualTo(Duration.ofDays(7));
		String app = LogLines.unique("old");
		Instant now = Instant.now();
		this.lines.apps(List.of(LogLines.appLine(app, "web", "INFO", now.minus(30, ChronoUnit.DAYS), "a month ago"),
				LogLines.appLine(app, "web", "INFO", now.minus(7, ChronoUnit.DAYS).minusSeconds(60), "just too old"),
				LogLines.appLine(app, "web", "INFO", now.minus(6, ChronoUnit.DAYS), "six days ago"),
				LogLines.appLine(app, "web", "INFO", now, "today")));
		await().atMost(Duration.ofSeconds(10)).until(() -> messages(app).size() == 4);

		assertThat(this.retention.purge()).isGreaterThanOrEqualTo(2);

		assertThat(messages(app)).containsExactly("today", "six days ago");
	}

	private List<String> messages(String app) {
		List<String> messages = new java.util.ArrayList<>();
		this.admin.get("/api/logs?app=" + app)
			.json()
			.path("items")
			.forEach((entry) -> messages.add(entry.path("message").asString()));
		return messages;
	}

}
