package io.iotp.contracts.messaging;

import java.util.HashMap;
import java.util.Map;

import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.sensor.SensorCommand;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.contracts.sensor.SensorTypeChanged;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;

/**
 * The registry of stable message type names. A name, once published, is never reused or
 * renamed; new records get new names and fields are only ever added compatibly.
 */
public final class MessageTypes {

	private static final Map<String, Class<? extends Message>> BY_NAME = Map.ofEntries(
			Map.entry("heartbeat", Heartbeat.class), Map.entry("log-entry", LogEntry.class),
			// scheduler-to-deployer, deployment-status
			Map.entry("deployment-requested", DeploymentRequested.class),
			Map.entry("stop-deployment", StopDeployment.class),
			Map.entry("deployment-status-changed", DeploymentStatusChanged.class),
			// get-node-request, best-node-response
			Map.entry("best-node-request", BestNodeRequest.class),
			Map.entry("best-node-response", BestNodeResponse.class),
			// node-commands, node-heartbeat
			Map.entry("start-instance", StartInstance.class), Map.entry("stop-instance", StopInstance.class),
			Map.entry("node-heartbeat", NodeHeartbeat.class),
			// instance-status
			Map.entry("instance-status-changed", InstanceStatusChanged.class),
			// register-service
			Map.entry("service-registered", ServiceRegistered.class),
			Map.entry("service-deregistered", ServiceDeregistered.class),
			// notify-admin
			Map.entry("admin-alert", AdminAlert.class),
			// sensor-data, app.<app>.<service>.sensor-data, sensor-commands
			Map.entry("sensor-reading", SensorReading.class), Map.entry("sensor-command", SensorCommand.class),
			// sensor-binding-request, sensor-binding-response
			Map.entry("sensor-binding-request", SensorBindingRequest.class),
			Map.entry("sensor-binding-response", SensorBindingResponse.class),
			// sensor-types
			Map.entry("sensor-type-changed", SensorTypeChanged.class));

	private static final Map<Class<? extends Message>, String> BY_CLASS = invert(BY_NAME);

	private MessageTypes() {
	}

	public static Class<? extends Message> classOf(String name) {
		Class<? extends Message> type = BY_NAME.get(name);
		if (type == null) {
			throw new UnknownMessageTypeException("unknown message type '" + name + "'");
		}
		return type;
	}

	public static String nameOf(Class<?> type) {
		String name = BY_CLASS.get(type);
		if (name == null) {
			throw new UnknownMessageTypeException(type.getName() + " is not a registered message type");
		}
		return name;
	}

	/** Every registered name and its record. */
	public static Map<String, Class<? extends Message>> all() {
		return BY_NAME;
	}

	private static Map<Class<? extends Message>, String> invert(Map<String, Class<? extends Message>> byName) {
		Map<Class<? extends Message>, String> byClass = new HashMap<>();
		byName.forEach((name, type) -> byClass.put(type, name));
		return Map.copyOf(byClass);
	}

}
