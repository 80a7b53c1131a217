package io.iotp.sensormanager.mqtt;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.iotp.sensormanager.command.Command;
import io.iotp.sensormanager.command.CommandLink;
import io.iotp.sensormanager.registry.SensorChanged;
import io.iotp.sensormanager.registry.SensorTypeUpdated;

/**
 * The sensors connected over MQTT to this replica, one connection each: a second
 * connection of the same sensor takes over (MQTT's rule for a client id, applied per
 * sensor). Commands reach devices through it.
 */
@Component
class MqttSessions implements CommandLink {

	private final Map<String, MqttConnection> bySensor = new ConcurrentHashMap<>();

	MqttSessions(MeterRegistry meters) {
		Gauge.builder("iotp.sensors.mqtt.connections", this.bySensor, Map::size)
			.description("Devices connected over MQTT to this replica")
			.register(meters);
	}

	/** Registers the connection; returns the one it replaces, which the caller closes. */
	@Nullable MqttConnection register(String sensorId, MqttConnection connection) {
		return this.bySensor.put(sensorId, connection);
	}

	void unregister(String sensorId, MqttConnection connection) {
		this.bySensor.remove(sensorId, connection);
	}

	Iterable<MqttConnection> all() {
		return this.bySensor.values();
	}

	@Override
	public boolean offer(Command command) {
		MqttConnection connection = this.bySensor.get(command.sensorId());
		return connection != null && connection.subscribed() && connection.send(command);
	}

	@Override
	public Set<String> subscribedSensors() {
		return this.bySensor.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().subscribed())
			.map(Map.Entry::getKey)
			.collect(Collectors.toUnmodifiableSet());
	}

	/** A device whose key changed or that was deleted is disconnected at once. */
	/** A connected device's readings are checked against its type as it is now. */
	@EventListener
	void on(SensorTypeUpdated updated) {
		this.bySensor.values().forEach((connection) -> connection.retype(updated.type()));
	}

	@EventListener
	void on(SensorChanged changed) {
		if (changed.change().revokesCredentials()) {
			MqttConnection connection = this.bySensor.remove(changed.sensor().id());
			if (connection != null) {
				connection.close("its credentials were revoked (" + changed.change() + ")");
			}
		}
	}

}
