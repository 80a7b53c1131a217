package io.iotp.sensormanager.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.binding.ServiceBinding;
import io.iotp.contracts.sensor.BoundSensor;

/**
 * One deployment's binding, stored under its deployment id (collection
 * {@code sensor_bindings}); a re-request or a cron deployment's next run overwrites it as
 * a whole, so storing it is idempotent.
 *
 * @param id the deployment id
 * @param app the app
 * @param owner the app's owner, whose sensors may be bound
 * @param state active or ended
 * @param boundAt when this run of the binding began; a deployment end older than this is
 * not for it
 * @param endedAt when it ended; readings received before still reach its topics
 * @param endReason why it ended
 * @param groups the chosen sensors, per requirement or explicit list
 * @param deliveries how each service of the app takes readings
 * @param startOffsets where each topic partition stood when the binding began: http
 * delivery starts there, so readings of an earlier deployment of the app are never
 * delivered to this one
 * @param requestedAt when the deployer sent the request of this run (its envelope's time,
 * the deployer's clock like a deployment end's {@code at}, so the two compare); null in
 * bindings stored before it was kept
 */
@Document("sensor_bindings")
record BindingDocument(@Id String id, String app, String owner, BindingState state, Instant boundAt,
		@Nullable Instant endedAt, @Nullable String endReason, List<SensorGroup> groups,
		Map<String, SensorDelivery> deliveries, List<StartOffset> startOffsets, @Nullable Instant requestedAt) {

	BindingDocument {
		groups = List.copyOf(groups);
		deliveries = Map.copyOf(Objects.requireNonNullElse(deliveries, Map.of()));
		startOffsets = List.copyOf(Objects.requireNonNullElse(startOffsets, List.of()));
	}

	/**
	 * Where one partition of a binding's topic stood when the binding began.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset its end offset then
	 */
	record StartOffset(String topic, int partition, long offset) {

	}

	/**
	 * Every service with sensors, and its sensors (each once, in the order they were
	 * chosen).
	 */
	Map<String, List<SensorRecord>> sensorsByService() {
		Map<String, Map<String, SensorRecord>> byService = new LinkedHashMap<>();
		for (SensorGroup group : this.groups) {
			for (String service : group.services()) {
				Map<String, SensorRecord> sensors = byService.computeIfAbsent(service, (s) -> new LinkedHashMap<>());
				group.sensors().forEach((sensor) -> sensors.putIfAbsent(sensor.id(), sensor));
			}
		}
		Map<String, List<SensorRecord>> result = new LinkedHashMap<>();
		byService.forEach((service, sensors) -> result.put(service, List.copyOf(sensors.values())));
		return result;
	}

	/** The binding as the deployer gets it. */
	List<ServiceBinding> serviceBindings() {
		List<ServiceBinding> services = new ArrayList<>();
		sensorsByService().forEach((service, sensors) -> services.add(new ServiceBinding(service, delivery(service),
				Topics.appSensorData(this.app, service).name(), sensors.stream().map(SensorRecord::bound).toList())));
		return services;
	}

	SensorDelivery delivery(String service) {
		return this.deliveries.getOrDefault(service, SensorDelivery.NONE);
	}

	/**
	 * The topics readings are forwarded to: those of services with sensors and a
	 * delivery.
	 */
	Set<String> fedTopics() {
		Set<String> topics = new LinkedHashSet<>();
		sensorsByService().keySet()
			.stream()
			.filter((service) -> delivery(service) != SensorDelivery.NONE)
			.forEach((service) -> topics.add(Topics.appSensorData(this.app, service).name()));
		return topics;
	}

	/** Every sensor of the binding, whatever service it is for. */
	Set<String> sensorIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.groups.forEach((group) -> group.sensors().forEach((sensor) -> ids.add(sensor.id())));
		return ids;
	}

	List<BoundSensor> boundSensors(String service) {
		return sensorsByService().getOrDefault(service, List.of()).stream().map(SensorRecord::bound).toList();
	}

	BindingDocument withGroups(List<SensorGroup> groups) {
		return new BindingDocument(this.id, this.app, this.owner, this.state, this.boundAt, this.endedAt,
				this.endReason, groups, this.deliveries, this.startOffsets, this.requestedAt);
	}

}
