package io.iotp.logger.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LoggerTest;
import io.iotp.logger.support.PublishingTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entries older than the retention age (7 days by default) are deleted; younger ones
 * stay.
 */
@LoggerTest
class RetentionIT extends PublishingTest {

	@Autowired
	RetentionJob retention;

	@Autowired
	RetentionProperties properties;

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
