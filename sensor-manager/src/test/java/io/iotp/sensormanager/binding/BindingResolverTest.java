package io.iotp.sensormanager.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.SensorId;

/**
 * The pure choice of sensors; the same choices against Kafka and MongoDB are in
 * SensorBindingIT.
 */
class BindingResolverTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Map<String, SensorDelivery> SERVICES = Map.of("web", SensorDelivery.HTTP, "worker",
			SensorDelivery.KAFKA, "batch", SensorDelivery.NONE);

	private final List<SensorRecord> sensors = List.of(sensor("t-3", "temperature", "gh-1", "ada", 3),
			sensor("t-1", "temperature", "gh-1", "ada", 1), sensor("t-2", "temperature", "gh-1", "ada", 2),
			sensor("t-far", "temperature", "gh-2", "ada", 0), sensor("t-bob", "temperature", "gh-1", "bob", 0),
			sensor("h-1", "humidity", "gh-1", "ada", 0));

	@Test
	void aRequirementWithoutServicesGoesToEveryServiceAndAnyLocationMatchesWithoutOne() {
		BindingResolver.Resolution resolution = BindingResolver.resolve(
				request(List.of(new SensorRequirement("temperature", null, 4, List.of())), Map.of()), this.sensors,
				List.of());

		assertThat(resolution.bound()).isTrue();
		assertThat(resolution.groups()).singleElement().satisfies((group) -> {
			assertThat(group.services()).containsExactly("batch", "web", "worker");
			assertThat(group.sensors()).extracting(SensorRecord::id).containsExactly("t-far", "t-1", "t-2", "t-3");
		});
	}

	@Test
	void explicitIdsReplaceTheRequirementsForTheirServiceOnly() {
		BindingResolver.Resolution resolution = BindingResolver
			.resolve(request(List.of(new SensorRequirement("temperature", "gh-1", 1, List.of("web", "worker"))),
					Map.of("web", List.of(SensorId.of("h-1")))), this.sensors, List.of());

		assertThat(resolution.bound()).isTrue();
		assertThat(resolution.groups()).hasSize(2);
		assertThat(resolution.groups().get(0).explicit()).isTrue();
		assertThat(resolution.groups().get(0).sensors()).extracting(SensorRecord::id).containsExactly("h-1");
		assertThat(resolution.groups().get(1).services()).containsExactly("worker");
		assertThat(resolution.groups().get(1).sensors()).extracting(SensorRecord::id).containsExactly("t-1");
	}

	@Test
	void everyProblemIsNamedAndNothingIsBound() {
		BindingResolver.Resolution resolution = BindingResolver.resolve(
				request(List.of(new SensorRequirement("temperature", "gh-1", 5, List.of("worker")),
						new SensorRequirement("co2", null, 1, List.of("worker"))),
						Map.of("web", List.of(SensorId.of("t-bob")), "nope", List.of(SensorId.of("t-1")))),
				this.sensors, List.of());

		assertThat(resolution.bound()).isFalse();
		assertThat(resolution.groups()).isEmpty();
		assertThat(resolution.problems()).containsExactly(
				"sensors are bound explicitly to service 'nope', which the app does not have",
				"sensor t-bob (bound to web) does not exist or is not owned by ada",
				"needs 5 'temperature' sensor(s) at 'gh-1' owned by ada, found 3",
				"needs 1 'co2' sensor(s) owned by ada, found 0");
	}

	@Test
	void aRepeatKeepsTheSensorsChosenBeforeEvenWhenOlderOnesAppeared() {
		SensorBindingRequest request = request(List.of(new SensorRequirement("temperature", "gh-1", 2, List.of("web"))),
				Map.of());
		List<SensorGroup> first = BindingResolver.resolve(request, this.sensors, List.of()).groups();
		List<SensorRecord> more = new java.util.ArrayList<>(this.sensors);
		more.add(sensor("t-0", "temperature", "gh-1", "ada", -100));

		List<SensorGroup> again = BindingResolver.resolve(request, more, first).groups();

		assertThat(again).isEqualTo(first);
	}

	@Test
	void refillDropsSensorsThatVanishedOrMovedAndTakesInNewOnesUpToTheCount() {
		List<SensorGroup> groups = BindingResolver
			.resolve(request(List.of(new SensorRequirement("temperature", "gh-1", 3, List.of("web"))), Map.of()),
					this.sensors, List.of())
			.groups();
		List<SensorRecord> now = List.of(sensor("t-1", "temperature", "gh-1", "ada", 1),
				sensor("t-2", "temperature", "gh-9", "ada", 2), sensor("t-new", "temperature", "gh-1", "ada", 9),
				sensor("t-newer", "temperature", "gh-1", "ada", 10));

		List<SensorGroup> refilled = BindingResolver.refill(groups, "ada", now);

		assertThat(refilled.getFirst().sensors()).extracting(SensorRecord::id)
			.containsExactly("t-1", "t-new", "t-newer");
		assertThat(BindingResolver.refill(refilled, "ada", now)).isEqualTo(refilled);
	}

	private static SensorBindingRequest request(List<SensorRequirement> requirements,
			Map<String, List<SensorId>> explicit) {
		return new SensorBindingRequest("q-1", DeploymentId.of("d-1"), AppId.of("shop"), "ada", requirements, explicit,
				SERVICES);
	}

	private static SensorRecord sensor(String id, String type, String location, String owner, int second) {
		return new SensorRecord(id, type, location, owner, T0.plusSeconds(second));
	}

}
