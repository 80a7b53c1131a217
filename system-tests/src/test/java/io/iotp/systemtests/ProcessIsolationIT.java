package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.KafkaPrincipals;
import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;

/**
 * The isolation of the process runtime: a developer's app, deployed as a process on the
 * shared platform, runs as a user of its own and looks around ({@link ProbeApp}). It
 * reaches none of the platform's files, no other instance's folder, none of the
 * platform's ports but the gateway's, no platform process, and no more processes than its
 * bound; the platform carries on. Needs the agent to run as root (it switches users): in
 * CI it fails otherwise, elsewhere it is skipped, saying so.
 */
@ExtendWith(SharedPlatform.class)
class ProcessIsolationIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	private static final Path INSTANCES = Path.of("/var/lib/iotp/instances");

	@Test
	void aDevelopersProcessReachesNothingOfThePlatformButTheGatewayNorAnotherInstance(Platform platform)
			throws Exception {
		requireRoot();
		String run = UUID.randomUUID().toString().substring(0, 6);
		PlatformApi developer = PlatformApi.newDeveloper(platform, "prober" + run, "prober-passphrase-1");

		// a neighbour whose folder the probe will try to write into
		String neighbour = "neighbour" + run;
		assertThat(developer
			.upload(ProbeApp.zip(neighbour, Map.of(), List.of(), List.of(), List.of(), false), neighbour + ".zip")
			.statusCode()).isEqualTo(201);
		JsonNode neighbourRunning = developer.awaitDeployment(deploy(developer, neighbour), "RUNNING", TO_RUNNING);
		Path neighbourDir = instanceDir(neighbourRunning.get("instances").get(0).get("id").asString());

		// every port of the platform but the gateway's, which IOTP_API_URL names
		Map<String, Integer> ports = ProbeApp.platformPorts(platform.layout(), "api-gateway");
		// another app's instance, around the gateway
		String endpoint = neighbourRunning.get("instances").get(0).get("endpoint").asString();
		ports.put("neighbour", Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
		List<String> files = List.of(platform.layout().adminCredentialsFile().toString(),
				platform.layout().ldapDir().resolve("directory.ldif").toString(),
				platform.layout().mongoFile().toString(),
				new KafkaPrincipals(platform.layout()).clientFile(KafkaPrincipals.ADMIN).toString(),
				neighbourDir.resolve("services/web/main.py").toString());
		List<Long> pids = platform.status().stream().map((row) -> row.pid()).filter((pid) -> pid != null).toList();
		String app = "probe" + run;
		HttpResponse<String> upload = developer
			.upload(ProbeApp.zip(app, ports, files, List.of(neighbourDir.toString()), pids, false), app + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		JsonNode running = developer.awaitDeployment(deploy(developer, app), "RUNNING", TO_RUNNING);
		assertThat(running.get("instances").findValuesAsString("runtime")).containsOnly("process");
		String link = developer.local(running.get("url").asString());

		HttpResponse<String> probe = developer.get(link + "probe");
		assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
		JsonNode report = PlatformApi.json(probe);
		System.out.println("ISOLATION process " + report);
		assertThat(report.get("uid").asInt()).as("the instance's uid").isGreaterThanOrEqualTo(200000);
		report.get("ports")
			.properties()
			.forEach((entry) -> assertThat(entry.getValue().asString()).as("port %s", entry.getKey())
				.startsWith("refused"));
		report.get("files")
			.properties()
			.forEach((entry) -> assertThat(entry.getValue().asString()).as("file %s", entry.getKey())
				.startsWith("refused"));
		assertThat(report.get("writes").get(neighbourDir.toString()).asString())
			.as("writing into another instance's folder")
			.startsWith("refused");
		assertThat(Files.exists(neighbourDir.resolve("probe-was-here"))).isFalse();
		assertThat(report.get("write-root").asString()).startsWith("refused");
		assertThat(report.get("signals").properties()).hasSize(pids.size())
			.allSatisfy((entry) -> assertThat(entry.getValue().asString())
				.as("signal to platform process %s", entry.getKey())
				.startsWith("refused"));
		assertThat(report.get("threads").asString()).startsWith("refused after");
		assertThat(report.get("memory").asString()).as("twice its memoryMb").startsWith("refused");
		assertThat(report.get("gateway").asString()).as("IOTP_API_URL leads to the gateway").startsWith("reached");

		// the platform carries on
		assertThat(developer.get("/api/apps").statusCode()).isEqualTo(200);
		assertThat(developer.get(developer.local(neighbourRunning.get("url").asString()) + "health").statusCode())
			.isEqualTo(200);
	}

	private static void requireRoot() {
		if ("root".equals(System.getProperty("user.name"))) {
			return;
		}
		String why = "ProcessIsolationIT needs root: the node agent runs instances as users of their own only then";
		if (System.getenv("CI") != null) {
			fail(why + " (CI runs as root)");
		}
		Assumptions.abort(why);
	}

	private static String deploy(PlatformApi api, String app) {
		HttpResponse<String> response = api.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return PlatformApi.json(response).get("id").asString();
	}

	/** An instance's folder, under the folder of whichever agent runs it. */
	private static Path instanceDir(String instance) throws IOException {
		try (Stream<Path> agents = Files.list(INSTANCES)) {
			return agents.map((agent) -> agent.resolve(instance))
				.filter(Files::isDirectory)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no folder of instance " + instance + " in " + INSTANCES));
		}
	}

}
