package io.iotp.appcontroller;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.iotp.appcontroller.support.AppControllerTest;
import io.iotp.appcontroller.support.TestZips;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see and change what, over real HTTP with real tokens: a developer only their
 * own apps and deployments (another's answer 404, so their existence does not leak), an
 * admin everything.
 */
@AppControllerTest
class OwnershipIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	private Api alice;

	private Api bob;

	private Api admin;

	@BeforeEach
	void callers() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		this.alice = new Api(this.port, this.tokens.developer("alice-" + suffix));
		this.bob = new Api(this.port, this.tokens.developer("bob-" + suffix));
		this.admin = new Api(this.port, this.tokens.admin("root-" + suffix));
	}

	@Test
	void withoutAValidTokenOnlyTheContractsAnswer() {
		Api anonymous = new Api(this.port);
		for (String path : List.of("/api/apps", "/api/apps/anything", "/api/deployments", "/api/deployments/d-1")) {
			Api.Response response = anonymous.get(path);
			assertThat(response.status()).as(path).isEqualTo(401);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().path("code").asString()).isEqualTo("auth.unauthorized");
		}
		assertThat(anonymous.upload(TestZips.app(unique(), "1.0.0").bytes()).status()).isEqualTo(401);
		assertThat(anonymous.as(this.tokens.expired("alice", "DEVELOPER")).get("/api/apps").status()).isEqualTo(401);
		assertThat(anonymous.as(this.tokens.tampered("alice")).get("/api/apps").status()).isEqualTo(401);
		assertThat(anonymous.as(this.tokens.unsigned("alice", "ADMIN")).get("/api/apps").status()).isEqualTo(401);
		assertThat(anonymous.get("/api/contracts").status()).isEqualTo(200);
		assertThat(anonymous.get("/api/contracts/schemas").status()).isEqualTo(200);
	}

	@Test
	void aDeveloperCannotSeeChangeDeployOrDeleteAnotherDevelopersApp() {
		String app = upload(this.alice, unique());
		String deployment = deployLater(this.alice, app);

		assertNotFound(this.bob.get("/api/apps/" + app));
		assertNotFound(this.bob.delete("/api/apps/" + app));
		assertNotFound(this.bob.postJson("/api/apps/" + app + "/deployments", "{}"));
		assertNotFound(this.bob.get("/api/deployments/" + deployment));
		assertNotFound(this.bob.delete("/api/deployments/" + deployment));
		assertThat(ids(this.bob.get("/api/apps").json())).doesNotContain(app);
		assertThat(ids(this.bob.get("/api/deployments").json())).doesNotContain(deployment);
		assertThat(ids(this.bob.get("/api/deployments?appId=" + app).json())).isEmpty();

		// all of it still there, untouched, for its owner
		assertThat(this.alice.get("/api/apps/" + app).status()).isEqualTo(200);
		assertThat(ids(this.alice.get("/api/apps").json())).contains(app);
		JsonNode mine = this.alice.get("/api/deployments/" + deployment).json();
		assertThat(mine.path("status").asString()).isEqualTo("SCHEDULED");
		assertThat(ids(this.alice.get("/api/deployments?appId=" + app).json())).containsExactly(deployment);
	}

	@Test
	void aNameOwnedByAnotherDeveloperCannotBeUploadedAgain() {
		String name = upload(this.bob, unique());

		Api.Response taken = this.alice.upload(TestZips.app(name, "2.0.0").bytes());

		assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
		assertThat(taken.contentType()).startsWith("application/problem+json");
		assertThat(taken.json().path("code").asString()).isEqualTo(ErrorCodes.APP_NAME_TAKEN.code());
		assertThat(this.bob.get("/api/apps/" + name).json().path("versions").size()).isEqualTo(1);
	}

	@Test
	void anAdminSeesAndStopsEveryonesAppsAndDeployments() {
		String ofAlice = upload(this.alice, unique());
		String ofBob = upload(this.bob, unique());
		String deploymentOfAlice = deployLater(this.alice, ofAlice);
		String deploymentOfBob = deployLater(this.bob, ofBob);

		assertThat(ids(this.admin.get("/api/apps").json())).contains(ofAlice, ofBob);
		assertThat(ids(this.admin.get("/api/deployments").json())).contains(deploymentOfAlice, deploymentOfBob);
		assertThat(this.admin.get("/api/apps/" + ofBob).json().path("owner").asString()).startsWith("bob-");
		assertThat(this.admin.get("/api/deployments/" + deploymentOfAlice).status()).isEqualTo(200);

		Api.Response stopped = this.admin.delete("/api/deployments/" + deploymentOfAlice);
		assertThat(stopped.status()).as(stopped.toString()).isEqualTo(202);
		assertThat(stopped.json().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(this.admin.delete("/api/apps/" + ofAlice).status()).isEqualTo(204);
		assertThat(this.alice.get("/api/apps/" + ofAlice).status()).isEqualTo(404);
	}

	private static String upload(Api api, String name) {
		Api.Response uploaded = api.upload(TestZips.app(name, "1.0.0").bytes());
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		return name;
	}

	/** Scheduled an hour ahead, so nothing fires while the test looks at it. */
	private static String deployLater(Api api, String app) {
		Api.Response accepted = api.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"at\", \"at\": \"" + Instant.now().plusSeconds(3600) + "\"}}");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		return accepted.json().path("id").asString();
	}

	private static void assertNotFound(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("resource.not-found");
	}

	private static List<String> ids(JsonNode list) {
		return list.valueStream().map((item) -> item.path("id").asString()).toList();
	}

	private static String unique() {
		return "app-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
