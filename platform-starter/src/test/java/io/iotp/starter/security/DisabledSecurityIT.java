package io.iotp.starter.security;

import io.iotp.contracts.TopicNames;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The development switch: every request passes, and the caller is anonymous without
 * roles.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityIT.SecuredService.class,
		properties = { "spring.application.name=security-off-test", "iotp.platform.ship-logs=false",
				"iotp.security.enabled=false", "iotp.security.admin-paths=/admin/**" })
@EmbeddedKafka(partitions = 1, topics = { TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DisabledSecurityIT {

	@LocalServerPort
	int port;

	@Test
	void everythingPassesAsAnAnonymousCallerWithoutRoles() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> whoami = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/whoami")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(whoami.statusCode()).isEqualTo(200);
		assertThat(whoami.body()).contains("\"username\":\"anonymous\"").contains("\"admin\":false");
		HttpResponse<String> admin = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/admin/things")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(admin.statusCode()).isEqualTo(200);
	}

}
