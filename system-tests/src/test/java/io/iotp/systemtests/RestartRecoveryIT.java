package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.iotp.contracts.samples.SampleApps;
import tools.jackson.databind.JsonNode;

/**
 * Desired state across {@code iotp down} and {@code iotp up} of one machine: every
 * deployment that was RUNNING serves again through its link, on new instances, and a
 * deployment its developer stopped stays stopped (each app's link is checked at its
 * health path, which both apps answer). From the end of {@code up} until then, the API
 * never shows an instance of before the restart as HEALTHY: those are gone, and the
 * platform knows it. On a platform of its own, since it takes the whole platform down.
 */
class RestartRecoveryIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	/** The bar: every RUNNING deployment serving again within 30 s of up. */
	private static final Duration TO_SERVING_AGAIN = Duration.ofSeconds(30);

	@RegisterExtension
	static final OwnPlatform OWN = new OwnPlatform("restart-recovery");

	@Test
	void everyRunningDeploymentServesAgainAfterDownAndUpAndAStoppedOneStaysStopped() {
		PlatformApi developer = PlatformApi.newDeveloper(OWN.platform(), "restarter", "restart-passphrase-1");
		developer.ensureGreenhouseSensor();
		assertThat(developer.upload(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE), "greenhouse.zip").statusCode())
			.isEqualTo(201);
		assertThat(developer.upload(ProbeApp.zip("steady", Map.of(), List.of(), List.of()), "steady.zip").statusCode())
			.isEqualTo(201);
		assertThat(
				developer.upload(ProbeApp.zip("stopped", Map.of(), List.of(), List.of()), "stopped.zip").statusCode())
			.isEqualTo(201);
		Map<String, String> running = new LinkedHashMap<>();
		List<String> before = new ArrayList<>();
		for (String app : List.of("greenhouse", "steady")) {
			String id = deploy(developer, app);
			JsonNode status = developer.awaitDeployment(id, "RUNNING", TO_RUNNING);
			running.put(id, developer.local(status.get("url").asString()) + "health");
			before.addAll(status.get("instances").findValuesAsString("id"));
		}
		String stopped = deploy(developer, "stopped");
		developer.awaitDeployment(stopped, "RUNNING", TO_RUNNING);
		assertThat(developer.delete("/api/deployments/" + stopped).statusCode()).isEqualTo(202);
		developer.awaitDeployment(stopped, "STOPPED", TO_RUNNING);
		running.values().forEach((link) -> assertThat(developer.getLink(link).statusCode()).isEqualTo(200));

		OWN.platform().down();
		OWN.platform().up();
		Instant upEnded = Instant.now();

		List<String> staleHealthy = new ArrayList<>();
		await().atMost(TO_SERVING_AGAIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			for (Map.Entry<String, String> deployment : running.entrySet()) {
				JsonNode status = PlatformApi.json(developer.get("/api/deployments/" + deployment.getKey()));
				for (JsonNode instance : status.get("instances")) {
					if (before.contains(instance.get("id").asString())
							&& "HEALTHY".equals(instance.get("state").asString())) {
						staleHealthy.add(instance.toString());
					}
				}
				assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("RUNNING");
				assertThat(status.get("instances").findValuesAsString("state")).as(status.toString())
					.containsOnly("HEALTHY");
				assertThat(status.get("instances").findValuesAsString("id")).as("instances after the restart")
					.doesNotContainAnyElementsOf(before);
				HttpResponse<String> link = developer.get(deployment.getValue());
				assertThat(link.statusCode()).as("%s: %s", deployment.getValue(), link.body()).isEqualTo(200);
			}
		});
		System.out.println("RESTART every RUNNING deployment serving again "
				+ Duration.between(upEnded, Instant.now()).toMillis() + " ms after up");
		assertThat(staleHealthy).as("instances of before the restart shown HEALTHY after it").isEmpty();

		JsonNode stillStopped = PlatformApi.json(developer.get("/api/deployments/" + stopped));
		assertThat(stillStopped.get("status").asString()).isEqualTo("STOPPED");
		assertThat(stillStopped.get("instances").findValuesAsString("state"))
			.allMatch((state) -> Set.of("STOPPED").contains(state));
		assertThat(developer.get("/apps/stopped/health").statusCode()).as("the stopped app's link").isIn(404, 503);
	}

	private static String deploy(PlatformApi api, String app) {
		HttpResponse<String> response = api.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return PlatformApi.json(response).get("id").asString();
	}

}
