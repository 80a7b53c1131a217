package io.iotp.logger.tail;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.iotp.logger.store.LogCursor;
import io.iotp.logger.support.EventStream;
import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LoggerTest;
import io.iotp.logger.support.PublishingTest;
import io.iotp.testsupport.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live tail over a real HTTP connection: new lines as they are stored, filtered, kept
 * alive, ended cleanly.
 */
@LoggerTest
class StreamIT extends PublishingTest {

	@Autowired
	LiveTail tail;

	@Test
	void newLinesAppearLiveWithTheFiltersApplied() {
		String app = LogLines.unique("live");
		this.lines.app(LogLines.appLine(app, "web", "WARN", Instant.now(), "before the stream opened"));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.admin.get("/api/logs?app=" + app).json().path("items").size() == 1);
		try (EventStream stream = EventStream.open(this.admin, "/api/logs/stream?level=WARN&app=" + app)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");

			this.lines.app(LogLines.appLine(app, "web", "INFO", Instant.now(), "too quiet"));
			this.lines.app(LogLines.appLine(LogLines.unique("other"), "web", "ERROR", Instant.now(), "other app"));
			this.lines.app(LogLines.appLine(app, "web", "WARN", Instant.now(), "disk almost full"));
			this.lines.app(LogLines.appLine(app, "worker", "ERROR", Instant.now(), "disk full"));

			await().atMost(Duration.ofSeconds(5)).until(() -> stream.entries().size() >= 2);
			assertThat(stream.entries()).extracting((entry) -> entry.path("message").asString())
				.containsExactly("disk almost full", "disk full");
			// each event's id is the entry's cursor, so a client can page back from what
			// it saw live
			String id = stream.lines().stream().filter((line) -> line.startsWith("id:")).findFirst().orElseThrow();
			assertThat(LogCursor.decode(id.substring(3).trim()).id())
				.isEqualTo(stream.entries().get(0).path("id").asString());
		}
	}

	@Test
	void aQuietStreamGetsHeartbeatsAndAClosedOneIsDropped() {
		// streams of other tests end once their next heartbeat finds the client gone
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.subscribers() == 0);
		int before = this.tail.subscribers();
		Api client = new Api(this.port, this.tokens.admin("root"));
		EventStream stream = EventStream.open(client, "/api/logs/stream?app=" + LogLines.unique("silent"));
		assertThat(this.tail.subscribers()).isEqualTo(before + 1);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> stream.lines().stream().filter((line) -> line.startsWith(":")).count() >= 2);
		stream.close();
		client.close();

		// the next heartbeat finds the connection gone and ends the subscription
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.subscribers() == before);
	}

	@Test
	void badParametersAreRefusedBeforeTheStreamOpens() {
		Api.Response response = this.admin.get("/api/logs/stream?level=LOUD");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("errors").get(0).path("path").asString()).isEqualTo("level");
	}

}
