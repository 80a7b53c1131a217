package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.systemtests.apps.KafkaReadingsApp;
import tools.jackson.databind.JsonNode;

/**
 * Sensor readings delivered by {@code kafka}: a Java service, packaged as a developer
 * would (an {@code app.jar} with its libraries in {@code lib/}), reads the readings of
 * the temperature sensors of one location from its own topic with kafka-clients, every
 * one sent over HTTP and over MQTT, and never one of a sensor elsewhere.
 */
@ExtendWith(SharedPlatform.class)
class KafkaDeliveryIT {

	private static final String SERVICE = "reader";

	private final String run = UUID.randomUUID().toString().substring(0, 6);

	@Test
	void theKafkaServiceReadsEveryReadingOfItsLocationFromItsTopicAndNoneOfAnother(Platform platform) throws Exception {
		PlatformApi developer = PlatformApi.newDeveloper(platform, "kafkadelivery" + this.run, "kafka-passphrase-1");
		developer.ensureTemperatureType();
		String location = "cellar-" + this.run;
		List<String> ids = List.of("k1-" + this.run, "k2-" + this.run);
		List<String> keys = List.of(developer.registerSensor(ids.get(0), "temperature", location),
				developer.registerSensor(ids.get(1), "temperature", location));
		String elsewhere = "k9-" + this.run;
		String elsewhereKey = developer.registerSensor(elsewhere, "temperature", "attic-" + this.run);

		String app = "kd" + this.run;
		byte[] zip = kafkaReadingsApp(app, location, ids.size());
		HttpResponse<String> upload = developer.upload(zip, app + ".zip");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		long started = System.nanoTime();
		HttpResponse<String> deploy = developer.postJson("/api/apps/" + app + "/deployments",
				"{\"schedule\": {\"type\": \"now\"}}");
		assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(202);
		String deployment = PlatformApi.json(deploy).get("id").asString();
		try {
			JsonNode running = developer.awaitDeployment(deployment, "RUNNING", Duration.ofSeconds(90));
			long toRunning = (System.nanoTime() - started) / 1_000_000;
			String link = developer.local(running.get("url").asString());

			// 500 over HTTP: five batches of 100 over the two sensors, with both keys
			long sending = System.nanoTime();
			for (int batch = 0; batch < 5; batch++) {
				HttpResponse<String> sent = developer.sendBatch(keys, PlatformApi.temperatureBatch(ids, 100, batch));
				assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
				assertThat(PlatformApi.json(sent).get("accepted").asInt()).isEqualTo(100);
			}
			// 500 over MQTT, QoS 1
			for (int s = 0; s < ids.size(); s++) {
				developer.publishTemperatures(ids.get(s), keys.get(s), 250);
			}
			// the other location's sensor, over both, which the service must never see
			HttpResponse<String> other = developer.sendBatch(List.of(elsewhereKey),
					PlatformApi.temperatureBatch(List.of(elsewhere), 20, 0));
			assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
			developer.publishTemperatures(elsewhere, elsewhereKey, 20);

			Set<String> received = new HashSet<>();
			await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				HttpResponse<String> readings = developer.get(link + "readings");
				assertThat(readings.statusCode()).as(readings.body()).isEqualTo(200);
				received.clear();
				for (JsonNode reading : PlatformApi.json(readings)) {
					assertThat(reading.get("location").asString()).isEqualTo(location);
					assertThat(ids).contains(reading.get("sensorId").asString());
					received.add(reading.get("id").asString());
				}
				assertThat(received).hasSize(1000);
			});
			long delivered = (System.nanoTime() - sending) / 1_000_000;

			// the history writer stores in chunks of up to 1 s of readings, off the
			// delivery path: it may
			// finish a moment after the service has read everything
			Set<String> stored = new HashSet<>();
			List<JsonNode> elsewhereStored = new ArrayList<>();
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				stored.clear();
				for (String id : ids) {
					developer.history(id).forEach(reading -> stored.add(reading.get("id").asString()));
				}
				elsewhereStored.clear();
				elsewhereStored.addAll(developer.history(elsewhere));
				assertThat(stored).hasSize(1000);
				assertThat(elsewhereStored).hasSize(40);
			});
			assertThat(received).isEqualTo(stored);
			assertThat(elsewhereStored).map(reading -> reading.get("id").asString())
				.doesNotContainAnyElementsOf(received);
			assertReadsOnlyItsOwn(developer, link, app);
			System.out.printf("KAFKA-DELIVERY zip=%d bytes, deployed to RUNNING in %d ms, 1000 readings sent and all "
					+ "read from the topic within %d ms of the first send%n", zip.length, toRunning, delivered);
		}
		finally {
			assertThat(developer.delete("/api/deployments/" + deployment).statusCode()).isIn(200, 202, 204);
			developer.awaitDeployment(deployment, "STOPPED", Duration.ofSeconds(30));
		}
		assertPrincipalRevoked(platform.layout(), deployment);
	}

	/**
	 * The deployment's own Kafka login reads its own topic and nothing else: not another
	 * app's topic, not a platform topic, not in another consumer group; without a login
	 * the broker answers nothing at all.
	 */
	static void assertReadsOnlyItsOwn(PlatformApi api, String link, String app) {
		HttpResponse<String> probe = api
			.getLink(link + "kafka-probe?topic=app.not" + app + "." + SERVICE + ".sensor-data");
		assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
		JsonNode report = PlatformApi.json(probe);
		System.out.println("KAFKA-ISOLATION " + report);
		assertThat(report.get("own-topic").asString()).startsWith("reached");
		assertThat(report.get("other-topic").asString()).startsWith("refused: TopicAuthorizationException");
		assertThat(report.get("platform-topic").asString()).startsWith("refused: TopicAuthorizationException");
		assertThat(report.get("other-group").asString()).startsWith("refused: GroupAuthorizationException");
		assertThat(report.get("no-login").asString()).startsWith("refused");
	}

	/** Once the deployment has ended, its principal and its ACLs are gone. */
	static void assertPrincipalRevoked(PlatformLayout layout, String deployment) throws Exception {
		String user = "deployment-" + deployment;
		try (Admin admin = Admin.create(SharedPlatform.kafkaAdminConfig(layout))) {
			assertThat(admin.describeUserScramCredentials().all().get(10, TimeUnit.SECONDS)).doesNotContainKey(user);
			assertThat(
					admin
						.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
								new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY,
										AclPermissionType.ANY)))
						.values()
						.get(10, TimeUnit.SECONDS))
				.isEmpty();
		}
	}

	/**
	 * The app: one {@code java} service, {@link KafkaReadingsApp} with kafka-clients and
	 * what it loads at run time (the lz4, snappy and zstd codecs, slf4j), bound to
	 * {@code count} temperature sensors of the location with {@code kafka} delivery.
	 */
	static byte[] kafkaReadingsApp(String name, String location, int count) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "reads its sensors from Kafka", "entryService": "%s",
				 "sensors": [{"type": "temperature", "location": "%s", "count": %d, "services": ["%s"]}]}
				""".formatted(name, SERVICE, location, count, SERVICE).getBytes(StandardCharsets.UTF_8));
		entries.put("services/" + SERVICE + "/config.json", """
				{"runtime": "java", "http": true, "healthPath": "/health", "sensorDelivery": "kafka",
				 "env": {"JAVA_TOOL_OPTIONS": "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"},
				 "resources": {"cpu": 0.25, "memoryMb": 256}, "instances": {"min": 1, "max": 1}}
				""".getBytes(StandardCharsets.UTF_8));
		AppZips
			.javaService(KafkaReadingsApp.class,
					List.of(KafkaConsumer.class.getName(), "net.jpountz.lz4.LZ4Factory", "org.xerial.snappy.Snappy",
							"com.github.luben.zstd.Zstd", "org.slf4j.Logger"))
			.forEach((path, bytes) -> entries.put("services/" + SERVICE + "/" + path, bytes));
		return AppZips.zipBytes(entries);
	}

}
