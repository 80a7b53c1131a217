package io.iotp.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The UI's files from the platform-ui jar (a runtime dependency, so on this classpath):
 * index.html for the UI's routes, hashed assets cached for good, and nothing for API,
 * app, actuator or unknown paths, which stay with the gateway's routes and its 404
 * problem.
 */
class UiRoutesTest {

	private final WebTestClient client = WebTestClient.bindToRouterFunction(new UiRoutes().uiRouter()).build();

	@Test
	void theUiRoutesAnswerIndexHtmlSoDeepLinksWorkOnReload() {
		for (String path : new String[] { "/", "/login", "/app/greenhouse", "/deployments/d-12", "/logs",
				"/sensors/s-1", "/admin/nodes", "/upload" }) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectHeader()
				.cacheControl(org.springframework.http.CacheControl.noCache())
				.expectBody(String.class)
				.value(body -> assertThat(body).contains("<div id=\"root\"></div>"));
		}
	}

	@Test
	void apiAppAndActuatorPathsAndUnknownPathsAreNotTheUis() {
		for (String path : new String[] { "/api/apps", "/api/unknown", "/apps/greenhouse/", "/apps/greenhouse",
				"/actuator/health", "/favicon.ico", "/nothing-here", "/login/../api/apps", "/.env" }) {
			assertThat(UiRoutes.isPage(path)).as(path).isFalse();
			this.client.get().uri(path).exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

	@Test
	void assetsAreServedWithTheirTypeAndCachedForAYear() throws IOException {
		String index = new ClassPathResource("iotp-ui/index.html").getContentAsString(StandardCharsets.UTF_8);
		Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
		assertThat(script.find()).as(index).isTrue();
		this.client.get()
			.uri(script.group(1))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/javascript"))
			.expectHeader()
			.valueMatches("Cache-Control", ".*max-age=31536000.*immutable.*");
	}

	@Test
	void onlyPlainAssetNamesAreLookedUp() {
		assertThat(UiRoutes.asset("/assets/../application.properties")).isEmpty();
		assertThat(UiRoutes.asset("/assets/%2e%2e/x.js")).isEmpty();
		assertThat(UiRoutes.asset("/assets/.hidden")).isEmpty();
		assertThat(UiRoutes.asset("/assets/missing-abc123.js")).isEmpty();
	}

}
