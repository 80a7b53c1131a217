package io.iotp.logger.api;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.iotp.logger.support.LoggerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad parameters get a 400 problem naming them, on every endpoint, and nothing else
 * happens.
 */
@LoggerTest
class BadParametersIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	private Api admin;

	@BeforeEach
	void setUp() {
		this.admin = new Api(this.port, this.tokens.admin("root"));
	}

	@AfterEach
	void tearDown() {
		this.admin.close();
	}

	@ParameterizedTest
	@CsvSource({ "level=LOUD, level", "from=yesterday, from", "to=2026-11-26, to", "limit=0, limit",
			"limit=100000, limit", "limit=ten, limit", "cursor=garbage, cursor", "cursor=MTIzOg, cursor",
			"from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z, from", "format=xml, format" })
	void answersAProblemNamingTheParameter(String query, String parameter) {
		for (String endpoint : List.of("/api/logs", "/api/logs/download", "/api/logs/stream")) {
			if (parameter.equals("format") && !endpoint.endsWith("download")) {
				continue;
			}
			Api.Response response = this.admin.get(endpoint + "?" + query);
			assertThat(response.status()).as(endpoint + "?" + query + ": " + response).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.path("code").asString()).isEqualTo("request.validation");
			assertThat(problem.path("detail").asString()).contains(parameter);
			assertThat(problem.path("errors").get(0).path("path").asString()).isEqualTo(parameter);
		}
	}

}
