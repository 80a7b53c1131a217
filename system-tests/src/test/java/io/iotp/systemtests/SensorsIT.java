package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.Platform;
import tools.jackson.databind.JsonNode;

/**
 * Sensors on the running platform, the way a developer and their devices use it: the
 * Python sample bound to the temperature sensors of one location receives every reading
 * sent to them over HTTP and over MQTT, and none of another location's; readings answered
 * 202 survive a {@code kill -9} of sensor-manager in the middle of the stream.
 */
@ExtendWith(SharedPlatform.class)
class SensorsIT {

	private static final Duration TO_RUNNING = Duration.ofSeconds(90);

	private Platform platform;

	private PlatformApi developer;

	private final String run = UUID.randomUUID().toString().substring(0, 6);

	@BeforeEach
	void developer(Platform platform) {
		this.platform = platform;
		this.developer = PlatformApi.newDeveloper(platform, "sensors" + this.run, "sensor-passphrase-1");
		this.developer.ensureTemperatureType();
	}

	@Test
	void theBoundSampleReceivesEveryReadingOfItsLocationOverHttpAndMqttAndNoneOfAnother() throws Exception {
		String location = "greenhouse-" + this.run;
		List<String> ids = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			ids.add("t" + i + "-" + this.run);
			keys.add(this.developer.registerSensor(ids.getLast(), "temperature", location));
		}
		String elsewhere = "t9-" + this.run;
		String elsewhereKey = this.developer.registerSensor(elsewhere, "temperature", "shed-" + this.run);

		String app = "gh" + this.run;
		assertThat(this.developer.upload(AppZips.boundGreenhouse(app, location, 3), app + ".zip").statusCode())
			.isEqualTo(201);
		HttpResponse<String> deploy = this.developer.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		String deployment = PlatformApi.json(deploy).get("id").asString();
		JsonNode running = this.developer.awaitDeployment(deployment, "RUNNING", TO_RUNNING);
		String link = this.developer.local(running.get("url").asString());

		// 1,000 over HTTP: ten batches of 100 across the three sensors, with every
		// sensor's key
		for (int batch = 0; batch < 10; batch++) {
			HttpResponse<String> sent = this.developer.sendBatch(keys, PlatformApi.temperatureBatch(ids, 100, batch));
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
			assertThat(PlatformApi.json(sent).get("accepted").asInt()).isEqualTo(100);
		}
		// readings of the other location, which the app must never see
		HttpResponse<String> other = this.developer.sendReadings(elsewhere, elsewhereKey,
				"[{\"values\":{\"temperature\":40}},{\"values\":{\"temperature\":41}}]");
		assertThat(other.statusCode()).as(other.body()).isEqualTo(202);

		// 1,000 over MQTT, QoS 1: each publish returns once the platform acknowledged it
		for (int s = 0; s < 3; s++) {
			this.developer.publishTemperatures(ids.get(s), keys.get(s), (s < 2) ? 333 : 334);
		}

		Set<String> received = new HashSet<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode readings = PlatformApi.json(this.developer.get(link + "readings"));
			received.clear();
			for (JsonNode reading : readings) {
				assertThat(reading.get("location").asString()).isEqualTo(location);
				assertThat(ids).contains(reading.get("sensorId").asString());
				received.add(reading.get("id").asString());
			}
			assertThat(received).hasSize(2000);
		});

		// the history writer stores in chunks of up to 1 s of readings, off the delivery
		// path: it may
		// finish a moment after the app has everything
		Set<String> stored = new HashSet<>();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			stored.clear();
			for (String id : ids) {
				stored.addAll(history(id));
			}
			assertThat(stored).hasSize(2000);
			assertThat(history(elsewhere)).hasSize(2);
		});
		assertThat(received).isEqualTo(stored);
		assertThat(history(elsewhere)).doesNotContainAnyElementsOf(received);

		assertThat(this.developer.delete("/api/deployments/" + deployment).statusCode()).isIn(200, 202, 204);
	}

	@Test
	void aSensorTypeCreatedThroughTheApiIsAcceptedByAnUploadRightAwayAndAnUnknownOneIsRefused() {
		String type = "soil-" + this.run;
		HttpResponse<String> created = this.developer.postJson("/api/sensor-types", "{\"name\": \"" + type
				+ "\", \"fields\": [{\"name\": \"moisture\", \"type\": \"number\", \"min\": 0, \"max\": 100}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		HttpResponse<String> upload = this.developer
			.upload(AppZips.boundGreenhouse("soil-app-" + this.run, "field-" + this.run, 1, type), "soil.zip");

		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		String unknownType = "nosuch-" + this.run;
		HttpResponse<String> unknown = this.developer
			.upload(AppZips.boundGreenhouse("nosuch-app-" + this.run, "field-" + this.run, 1, unknownType), "x.zip");
		assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
		assertThat(unknown.body()).contains("sensor type '" + unknownType + "' is unknown; known types: ")
			.contains(type)
			.contains("temperature");
		assertThat(this.developer.get("/api/apps/nosuch-app-" + this.run).statusCode()).isEqualTo(404);

		// deleted (no sensor has it): uploads asking for it are refused once
		// app-controller
		// has read the removal (a moment; a name it still knows is not looked up again)
		assertThat(this.developer.delete("/api/sensor-types/" + type).statusCode()).isEqualTo(204);
		AtomicInteger attempt = new AtomicInteger();
		HttpResponse<String> gone = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.developer
				.upload(AppZips.boundGreenhouse("soil-again" + attempt.incrementAndGet() + "-" + this.run,
						"field-" + this.run, 1, type), "again.zip"),
					(answer) -> answer.statusCode() != 201);
		assertThat(gone.statusCode()).as(gone.body()).isEqualTo(422);
		assertThat(gone.body()).contains("sensor type '" + type + "' is unknown");
	}

	@Test
	void everyReadingAnswered202SurvivesAKillOfSensorManagerMidStream() throws Exception {
		HttpResponse<String> type = this.developer.postJson("/api/sensor-types", "{\"name\": \"counter-" + this.run
				+ "\", \"fields\": [{\"name\": \"seq\", \"type\": \"integer\", \"min\": 0}]}");
		assertThat(type.statusCode()).as(type.body()).isEqualTo(201);
		String sensor = "c1-" + this.run;
		String key = this.developer.registerSensor(sensor, "counter-" + this.run, "lab");

		Set<Integer> accepted = new HashSet<>();
		Set<Integer> sent = new HashSet<>();
		int seq = 0;
		long pid = statusOf("sensor-manager").pid();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		boolean killed = false;
		int acceptedAfterRestart = 0;
		// batches of 10 until 100 batches after the kill were accepted again; bounded by
		// the deadline
		try {
			while (acceptedAfterRestart < 100 && Instant.now().isBefore(deadline)) {
				if (!killed && accepted.size() >= 1000) {
					ProcessHandle.of(pid).orElseThrow().destroyForcibly();
					killed = true;
				}
				StringBuilder batch = new StringBuilder("[");
				List<Integer> these = new ArrayList<>();
				for (int i = 0; i < 10; i++, seq++) {
					these.add(seq);
					batch.append(i == 0 ? "" : ",").append("{\"values\":{\"seq\":").append(seq).append("}}");
				}
				sent.addAll(these);
				int status;
				try {
					status = this.developer.sendReadings(sensor, key, batch.append("]").toString()).statusCode();
				}
				catch (IllegalStateException connectionLost) {
					status = -1;
				}
				if (status == 202) {
					accepted.addAll(these);
					if (killed) {
						acceptedAfterRestart++;
					}
				}
				else {
					assertThat(killed).as("only refused while sensor-manager is away, got " + status).isTrue();
					assertThat(status).as("refusals are 503s, never lost 202s").isIn(-1, 502, 503, 504);
					Thread.sleep(100);
				}
			}
		}
		finally {
			// whatever happened, leave the platform whole for the tests after this one
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> statusOf("sensor-manager").state() == ComponentStatus.State.UP);
		}
		assertThat(killed).isTrue();
		assertThat(acceptedAfterRestart).as("sensor-manager back and accepting").isEqualTo(100);
		assertThat(statusOf("sensor-manager").pid()).isNotEqualTo(pid);

		Set<Integer> stored = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			stored.clear();
			for (String reading : historyValues(sensor)) {
				stored.add(Integer.parseInt(reading));
			}
			assertThat(stored).containsAll(accepted);
		});
		// nothing stored that was not sent, and every accepted reading exactly once
		assertThat(sent).containsAll(stored);
		assertThat(historyValues(sensor)).doesNotHaveDuplicates();
		System.out.printf("DURABILITY sensor-manager-kill sent=%d accepted=%d stored=%d%n", sent.size(),
				accepted.size(), stored.size());
	}

	/** The ids of every stored reading of a sensor. */
	private List<String> history(String sensor) {
		return this.developer.history(sensor).stream().map(reading -> reading.get("id").asString()).toList();
	}

	/** The {@code seq} value of every stored reading of a sensor. */
	private List<String> historyValues(String sensor) {
		return this.developer.history(sensor)
			.stream()
			.map(reading -> reading.get("values").get("seq").asString())
			.toList();
	}

	private ComponentStatus statusOf(String component) {
		return this.platform.status().stream().filter(row -> row.name().equals(component)).findFirst().orElseThrow();
	}

}
