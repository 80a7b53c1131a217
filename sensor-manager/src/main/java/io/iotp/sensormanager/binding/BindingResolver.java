package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.ids.SensorId;

/**
 * Pure logic: which of the owner's sensors satisfy a binding request. Choices are
 * deterministic (sensors already bound first, then oldest, then by id), so asking again
 * gives the same binding.
 */
final class BindingResolver {

	private BindingResolver() {
	}

	/**
	 * The outcome of a resolution.
	 *
	 * @param groups the chosen sensors; empty when not bound
	 * @param problems why it could not be bound; empty when bound
	 */
	record Resolution(List<SensorGroup> groups, List<String> problems) {

		boolean bound() {
			return this.problems.isEmpty();
		}

	}

	/**
	 * @param request what the deployment asks for
	 * @param candidates sensors that may be chosen: those of the requested types and the
	 * explicit ids (filtered here by owner)
	 * @param previous the groups of an earlier resolution for the same deployment, to
	 * keep their sensors
	 */
	static Resolution resolve(SensorBindingRequest request, List<SensorRecord> candidates, List<SensorGroup> previous) {
		List<String> problems = new ArrayList<>();
		List<SensorGroup> groups = new ArrayList<>();
		Set<String> services = request.deliveries().keySet();
		Map<String, SensorRecord> byId = candidates.stream()
			.collect(Collectors.toMap(SensorRecord::id, (sensor) -> sensor, (a, b) -> a));
		for (Map.Entry<String, List<SensorId>> entry : new TreeMap<>(request.sensorBindings()).entrySet()) {
			String service = entry.getKey();
			if (!services.isEmpty() && !services.contains(service)) {
				problems.add("sensors are bound explicitly to service '" + service + "', which the app does not have");
				continue;
			}
			List<SensorRecord> chosen = new ArrayList<>();
			for (SensorId id : entry.getValue()) {
				SensorRecord sensor = byId.get(id.value());
				if (sensor == null || !sensor.owner().equals(request.owner())) {
					problems.add("sensor " + id + " (bound to " + service + ") does not exist or is not owned by "
							+ request.owner());
				}
				else {
					chosen.add(sensor);
				}
			}
			groups.add(new SensorGroup(null, null, chosen.size(), List.of(service), true, chosen));
		}
		for (SensorRequirement requirement : request.requirements()) {
			List<String> targets = (requirement.services().isEmpty() ? List.copyOf(services) : requirement.services())
				.stream()
				.filter((service) -> !request.sensorBindings().containsKey(service))
				.sorted()
				.toList();
			if (targets.isEmpty()) {
				continue; // every service it names has explicit sensors
			}
			SensorGroup earlier = previous.stream()
				.filter((group) -> group.answers(requirement, targets))
				.findFirst()
				.orElse(null);
			List<SensorRecord> matching = candidates.stream()
				.filter((sensor) -> sensor.owner().equals(request.owner()))
				.filter((sensor) -> sensor.type().equals(requirement.type()))
				.filter((sensor) -> requirement.location() == null || requirement.location().equals(sensor.location()))
				.sorted(preference(earlier))
				.toList();
			if (matching.size() < requirement.count()) {
				problems.add("needs " + requirement.count() + " '" + requirement.type() + "' sensor(s)"
						+ ((requirement.location() != null) ? " at '" + requirement.location() + "'" : "")
						+ " owned by " + request.owner() + ", found " + matching.size());
				continue;
			}
			groups.add(SensorGroup.of(requirement, targets, matching.subList(0, requirement.count())));
		}
		return problems.isEmpty() ? new Resolution(groups, List.of()) : new Resolution(List.of(), problems);
	}

	/**
	 * Fills the room of a running binding's groups with matching sensors not in them yet,
	 * and drops sensors that no longer match (deleted, moved, given away).
	 * @param groups the binding's groups
	 * @param owner its owner
	 * @param current the owner's sensors now
	 * @return the groups, changed or not
	 */
	static List<SensorGroup> refill(List<SensorGroup> groups, String owner, List<SensorRecord> current) {
		Map<String, SensorRecord> now = new LinkedHashMap<>();
		current.stream().filter((sensor) -> sensor.owner().equals(owner)).forEach((s) -> now.put(s.id(), s));
		List<SensorGroup> result = new ArrayList<>();
		for (SensorGroup group : groups) {
			if (group.explicit()) {
				result.add(group);
				continue;
			}
			List<SensorRecord> kept = new ArrayList<>(group.sensors()
				.stream()
				.filter((sensor) -> now.containsKey(sensor.id()) && group.matches(now.get(sensor.id())))
				.toList());
			now.values()
				.stream()
				.filter(group::matches)
				.filter((sensor) -> kept.stream().noneMatch((k) -> k.id().equals(sensor.id())))
				.sorted(preference(null))
				.limit(Math.max(0, group.count() - kept.size()))
				.forEach(kept::add);
			result.add(group.withSensors(kept));
		}
		return result;
	}

	private static Comparator<SensorRecord> preference(@Nullable SensorGroup earlier) {
		Comparator<SensorRecord> alreadyBound = Comparator.comparing((SensorRecord sensor) -> earlier == null
				|| earlier.sensors().stream().noneMatch((s) -> s.id().equals(sensor.id())));
		return alreadyBound
			.thenComparing((SensorRecord sensor) -> sensor.createdAt(),
					Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
			.thenComparing(SensorRecord::id);
	}

}
