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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.iotp.bootstrapper.platform.ComponentStatus;

/**
 * Durability across a broker crash: every reading answered 202 is in the history after
 * the Kafka broker is killed with {@code kill -9} in the middle of a stream and started
 * again, exactly once, and nothing that was never sent is stored. While the broker is
 * away, ingestion refuses with 503/504 problems (never a 500, never a 202 that is later
 * missing); afterwards the whole platform is healthy again.
 *
 * <p>
 * The broker is killed with SIGKILL rather than SIGTERM: that is the crash (no controlled
 * shutdown, no flush, an unclean log to recover on the next start), the harder of the two
 * for what was acknowledged with {@code acks=all}. It runs on a platform of its own,
 * since taking the shared platform's broker away would disturb every other test.
 *
 * <p>
 * Nobody but monitoring brings the broker back: Kafka sends no heartbeat of its own, but
 * with it gone every heartbeat falls silent, the failure detector declares the components
 * DOWN and runs the platform's {@code iotp up}, which starts what is missing, the broker.
 * Should that not happen within 90 s the test starts it itself (so the rest is still
 * checked) and fails at the end.
 */
class KafkaRestartIT {

	@RegisterExtension
	static final OwnPlatform OWN = new OwnPlatform("kafka-restart");

	@Test
	void everyReadingAnswered202IsInTheHistoryAfterTheBrokerIsKilledAndRestartedMidStream() throws Exception {
		PlatformApi developer = PlatformApi.newDeveloper(OWN.platform(), "kafkarestart", "restart-passphrase-1");
		HttpResponse<String> type = developer.postJson("/api/sensor-types",
				"{\"name\": \"counter\", \"fields\": [{\"name\": \"seq\", \"type\": \"integer\", \"min\": 0}]}");
		assertThat(type.statusCode()).as(type.body()).isEqualTo(201);
		String sensor = "counter-1";
		String key = developer.registerSensor(sensor, "counter", "lab");

		Set<Integer> sent = new HashSet<>();
		Set<Integer> accepted = new HashSet<>();
		Map<Integer, Integer> refusals = new TreeMap<>();
		int seq = 0;
		long kafkaPid = statusOf("kafka").pid();
		Instant killedAt = null;
		Instant firstAcceptedAfter = null;
		String restartedBy = null;
		CompletableFuture<?> up = null;
		Instant lastStatusCheck = Instant.EPOCH;
		int acceptedAfterRestart = 0;
		Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
		while (acceptedAfterRestart < 100 && Instant.now().isBefore(deadline)) {
			if (killedAt == null && accepted.size() >= 1000) {
				ProcessHandle broker = ProcessHandle.of(kafkaPid).orElseThrow();
				broker.destroyForcibly();
				broker.onExit().get();
				killedAt = Instant.now();
				System.out
					.println("KAFKA killed (SIGKILL) pid " + kafkaPid + " after " + accepted.size() + " accepted");
			}
			if (killedAt != null && restartedBy == null
					&& Duration.between(lastStatusCheck, Instant.now()).toMillis() >= 1000) {
				lastStatusCheck = Instant.now();
				Long pid = statusOf("kafka").pid();
				if (pid != null && pid != kafkaPid) {
					restartedBy = "monitoring";
					System.out.println("KAFKA restarted by monitoring as pid " + pid + " after "
							+ Duration.between(killedAt, Instant.now()).toMillis() + " ms");
				}
				else if (Duration.between(killedAt, Instant.now()).toSeconds() >= 90) {
					restartedBy = "platform.up()";
					System.out.println("KAFKA not restarted by monitoring within 90 s: platform.up()");
					up = CompletableFuture.runAsync(OWN.platform()::up);
				}
			}
			StringBuilder batch = new StringBuilder("[");
			List<Integer> these = new ArrayList<>();
			for (int i = 0; i < 10; i++, seq++) {
				these.add(seq);
				batch.append(i == 0 ? "" : ",").append("{\"values\":{\"seq\":").append(seq).append("}}");
			}
			sent.addAll(these);
			HttpResponse<String> answer = developer.sendReadings(sensor, key, batch.append("]").toString());
			if (answer.statusCode() == 202) {
				accepted.addAll(these);
				if (killedAt != null) {
					acceptedAfterRestart++;
					if (firstAcceptedAfter == null) {
						firstAcceptedAfter = Instant.now();
					}
				}
			}
			else {
				refusals.merge(answer.statusCode(), 1, Integer::sum);
				assertThat(killedAt)
					.as("refused before the broker was killed: " + answer.statusCode() + " " + answer.body())
					.isNotNull();
				assertThat(answer.statusCode()).as(answer.body()).isIn(503, 504);
				assertThat(answer.headers().firstValue("Content-Type")).as(answer.body())
					.hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
				Thread.sleep(100);
			}
		}
		System.out.println("KAFKA refusals by status: " + refusals + ", restarted by " + restartedBy);
		if (up != null) {
			up.get();
		}
		assertThat(killedAt).isNotNull();
		assertThat(acceptedAfterRestart).as("accepting again after the broker restart").isEqualTo(100);

		Set<Integer> stored = new HashSet<>();
		List<Integer> storedList = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			storedList.clear();
			storedList.addAll(historySeqs(developer, sensor));
			stored.clear();
			stored.addAll(storedList);
			assertThat(stored).containsAll(accepted);
		});
		assertThat(sent).as("nothing stored that was never sent").containsAll(stored);
		assertThat(storedList).as("every reading stored once").doesNotHaveDuplicates();
		long outage = Duration.between(killedAt, firstAcceptedAfter).toMillis();
		System.out.printf("DURABILITY kafka-restart sent=%d accepted=%d stored=%d outage_ms=%d%n", sent.size(),
				accepted.size(), stored.size(), outage);

		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(OWN.platform().status())
				.allSatisfy(row -> assertThat(row.state()).as(row.name()).isEqualTo(ComponentStatus.State.UP)));
		assertThat(restartedBy).as("monitoring restarts the killed broker (through iotp up) within 90 s")
			.isEqualTo("monitoring");
	}

	private static ComponentStatus statusOf(String component) {
		return OWN.platform().status().stream().filter(row -> row.name().equals(component)).findFirst().orElseThrow();
	}

	/** The {@code seq} of every stored reading of the sensor. */
	private static List<Integer> historySeqs(PlatformApi developer, String sensor) {
		return developer.history(sensor).stream().map(reading -> reading.get("values").get("seq").asInt()).toList();
	}

}
