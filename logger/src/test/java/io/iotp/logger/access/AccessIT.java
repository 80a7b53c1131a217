package io.iotp.logger.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.logger.support.EventStream;
import io.iotp.logger.support.Ingestion;
import io.iotp.logger.support.LogLines;
import io.iotp.logger.support.LoggerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who reads what, over real HTTP with real tokens: a developer only the lines of their
 * own apps (never platform lines), in lists, downloads and live tails; asking for
 * another's app answers an empty page; an admin reads everything; no token, nothing.
 */
@LoggerTest
class AccessIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	private LogLines lines;

	private String alice;

	private String bob;

	private String appOfAlice;

	private String appOfBob;

	private Api asAlice;

	private Api asBob;

	private Api asAdmin;

	@BeforeEach
	void twoDevelopersWithAnAppEach() {
		Ingestion.awaitAssigned(this.listeners);
		this.lines = new LogLines(this.kafka.getBrokersAsString());
		this.alice = LogLines.unique("alice");
		this.bob = LogLines.unique("bob");
		this.appOfAlice = LogLines.unique("a");
		this.appOfBob = LogLines.unique("b");
		this.asAlice = new Api(this.port, this.tokens.developer(this.alice));
		this.asBob = new Api(this.port, this.tokens.developer(this.bob));
		this.asAdmin = new Api(this.port, this.tokens.admin("root"));
		this.lines.deploymentRequested(this.appOfAlice, this.alice);
		this.lines.deploymentRequested(this.appOfBob, this.bob);
		this.lines.app(LogLines.appLine(this.appOfAlice, "web", "INFO", Instant.now(), "alice's secret business"));
		this.lines.app(LogLines.appLine(this.appOfBob, "web", "INFO", Instant.now(), "bob's business"));
		this.lines.platform(LogLines.platformLine("deployer", "INFO", Instant.now(),
				"[deployment d-1] placing " + this.appOfAlice, Map.of("app", this.appOfAlice), null));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> items(this.asAlice.get("/api/logs")).size() == 1
					&& items(this.asBob.get("/api/logs")).size() == 1
					&& items(this.asAdmin.get("/api/logs?app=" + this.appOfAlice)).size() == 2);
	}

	@AfterEach
	void close() {
		this.lines.close();
		this.asAlice.close();
		this.asBob.close();
		this.asAdmin.close();
	}

	@Test
	void aDeveloperListsOnlyTheLinesOfTheirOwnApps() {
		List<JsonNode> ofAlice = items(this.asAlice.get("/api/logs"));
		assertThat(ofAlice).extracting((entry) -> entry.path("message").asString())
			.containsExactly("alice's secret business");
		assertThat(items(this.asAlice.get("/api/logs?app=" + this.appOfAlice))).hasSize(1);

		List<JsonNode> ofBob = items(this.asBob.get("/api/logs"));
		assertThat(ofBob).extracting((entry) -> entry.path("app").asString()).containsOnly(this.appOfBob);
	}

	@Test
	void anotherDevelopersAppAnswersAnEmptyPage() {
		Api.Response response = this.asBob.get("/api/logs?app=" + this.appOfAlice);
		assertThat(response.status()).isEqualTo(200);
		assertThat(items(response)).isEmpty();
		assertThat(response.json().path("next").isNull()).isTrue();
		assertThat(items(this.asBob.get("/api/logs?q=secret%20business"))).isEmpty();
		assertThat(items(this.asBob.get("/api/logs?source=deployer"))).isEmpty();
	}

	@Test
	void aDeveloperDownloadsOnlyTheirOwnLines() {
		assertThat(this.asBob.get("/api/logs/download?app=" + this.appOfAlice).text()).isEmpty();
		assertThat(this.asBob.get("/api/logs/download?format=text").text()).contains("bob's business")
			.doesNotContain("alice", this.appOfAlice);
		assertThat(this.asAlice.get("/api/logs/download").text()).contains("alice's secret business")
			.doesNotContain("placing");
	}

	@Test
	void aDeveloperTailsOnlyTheirOwnLines() {
		try (EventStream ofAlice = EventStream.open(this.asAlice, "/api/logs/stream");
				EventStream ofBob = EventStream.open(this.asBob, "/api/logs/stream");
				EventStream bobPeeking = EventStream.open(this.asBob, "/api/logs/stream?app=" + this.appOfAlice)) {
			assertThat(ofBob.status()).isEqualTo(200);
			this.lines.app(LogLines.appLine(this.appOfAlice, "web", "INFO", Instant.now(), "alice live"));
			this.lines.platform(LogLines.platformLine("deployer", "INFO", Instant.now(), "platform live",
					Map.of("app", this.appOfBob), null));
			this.lines.app(LogLines.appLine(this.appOfBob, "web", "INFO", Instant.now(), "bob live"));

			await().atMost(Duration.ofSeconds(5))
				.until(() -> messages(ofAlice).contains("alice live") && messages(ofBob).contains("bob live"));
			// one partition: had bob been sent alice's line or the platform line, they
			// would have come first
			assertThat(messages(ofBob)).containsExactly("bob live");
			assertThat(messages(ofAlice)).containsExactly("alice live");
			assertThat(bobPeeking.entries()).isEmpty();
		}
	}

	@Test
	void anAdminReadsEverything() {
		assertThat(items(this.asAdmin.get("/api/logs?app=" + this.appOfAlice)))
			.extracting((entry) -> entry.path("kind").asString())
			.containsExactlyInAnyOrder("APP", "PLATFORM");
		assertThat(items(this.asAdmin.get("/api/logs?app=" + this.appOfBob))).hasSize(1);
		assertThat(items(this.asAdmin.get("/api/logs?source=deployer&q=placing%20" + this.appOfAlice))).hasSize(1);
	}

	@Test
	void withoutAValidTokenNothingAnswers() {
		try (Api anonymous = new Api(this.port, null);
				Api forged = new Api(this.port, this.tokens.tampered(this.bob))) {
			for (String path : List.of("/api/logs", "/api/logs/download", "/api/logs/stream")) {
				Api.Response response = anonymous.get(path);
				assertThat(response.status()).as(path).isEqualTo(401);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(forged.get(path).status()).as(path).isEqualTo(401);
			}
		}
	}

	private static List<String> messages(EventStream stream) {
		return stream.entries().stream().map((entry) -> entry.path("message").asString()).toList();
	}

	private static List<JsonNode> items(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		response.json().path("items").forEach(items::add);
		return items;
	}

}
