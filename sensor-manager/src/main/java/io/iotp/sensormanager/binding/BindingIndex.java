package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.SensorDelivery;

/**
 * In-memory view of the bindings that route readings, rebuilt whole from the store on
 * every change and every refresh and swapped atomically, so the router reads it without
 * locks. Delivery subscribes to it to learn which topics to deliver over HTTP.
 */
public class BindingIndex {

	private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

	private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Where one sensor's readings go for one binding.
	 *
	 * @param topic the {@code app.<app>.<service>.sensor-data} topic
	 * @param deploymentId the binding's deployment
	 * @param endedAt when the binding ended; null while active. Readings received before
	 * still go.
	 */
	public record Route(String topic, String deploymentId, @Nullable Instant endedAt) {

		/** Whether a reading received at {@code receivedAt} belongs to this binding. */
		public boolean accepts(Instant receivedAt) {
			return this.endedAt == null || receivedAt.isBefore(this.endedAt);
		}

	}

	/**
	 * A topic of an active binding whose service takes readings over HTTP.
	 *
	 * @param deploymentId the deployment
	 * @param app the app
	 * @param service the service to POST to
	 * @param topic the topic to deliver from
	 * @param boundAt when the binding began (one delivery consumer group per run)
	 * @param startOffsets partition → where delivery starts when the group has no
	 * committed offset
	 */
	public record HttpTarget(String deploymentId, String app, String service, String topic, Instant boundAt,
			Map<Integer, Long> startOffsets) {

		/**
		 * A key that changes when the binding begins again (a cron deployment's next
		 * run).
		 */
		public String runKey() {
			return this.deploymentId + "/" + this.service + "/" + this.boundAt.toEpochMilli();
		}

	}

	/**
	 * One state of the index.
	 *
	 * @param routes sensor id → its routes
	 * @param httpTargets active topics delivered over HTTP
	 */
	public record Snapshot(Map<String, List<Route>> routes, List<HttpTarget> httpTargets) {

	}

	/** Where a sensor's readings go; empty when it is bound to nothing. */
	public List<Route> routesOf(String sensorId) {
		return this.snapshot.routes().getOrDefault(sensorId, List.of());
	}

	public Snapshot snapshot() {
		return this.snapshot;
	}

	/** Calls {@code listener} now with the current state and on every later rebuild. */
	public void subscribe(Consumer<Snapshot> listener) {
		this.listeners.add(listener);
		listener.accept(this.snapshot);
	}

	/** Replaces the index with these bindings. */
	void rebuild(Collection<BindingDocument> bindings) {
		Map<String, List<Route>> routes = new HashMap<>();
		List<HttpTarget> targets = new ArrayList<>();
		for (BindingDocument binding : bindings) {
			Instant endedAt = (binding.state() == BindingState.ACTIVE) ? null : binding.endedAt();
			if (binding.state() != BindingState.ACTIVE && endedAt == null) {
				continue;
			}
			Set<String> fed = binding.fedTopics();
			binding.sensorsByService().forEach((service, sensors) -> {
				String topic = Topics.appSensorData(binding.app(), service).name();
				if (!fed.contains(topic)) {
					return;
				}
				sensors.forEach((sensor) -> routes.computeIfAbsent(sensor.id(), (id) -> new ArrayList<>())
					.add(new Route(topic, binding.id(), endedAt)));
				if (endedAt == null && binding.delivery(service) == SensorDelivery.HTTP) {
					Map<Integer, Long> offsets = new HashMap<>();
					binding.startOffsets()
						.stream()
						.filter((offset) -> offset.topic().equals(topic))
						.forEach((offset) -> offsets.put(offset.partition(), offset.offset()));
					targets.add(new HttpTarget(binding.id(), binding.app(), service, topic, binding.boundAt(),
							Map.copyOf(offsets)));
				}
			});
		}
		// One reading goes to a topic once, even when two active bindings of the same app
		// share it.
		routes.replaceAll((sensor, list) -> dedupe(list));
		Snapshot next = new Snapshot(Map.copyOf(routes), List.copyOf(targets));
		this.snapshot = next;
		this.listeners.forEach((listener) -> listener.accept(next));
	}

	private static List<Route> dedupe(List<Route> routes) {
		Map<String, Route> byTopic = new HashMap<>();
		for (Route route : routes) {
			byTopic.merge(route.topic(), route, (a, b) -> (a.endedAt() == null) ? a : b);
		}
		return List.copyOf(byTopic.values());
	}

}
