package io.iotp.contracts;

import java.util.List;

/**
 * Kafka topic names of SPEC §5. The key each topic is partitioned by is named beside it.
 */
public final class Topics {

	/** key: deploymentId. app-controller → deployer. */
	public static final String SCHEDULER_TO_DEPLOYER = "scheduler-to-deployer";

	/** key: deploymentId. deployer → app-controller, UI. */
	public static final String DEPLOYMENT_STATUS = "deployment-status";

	/** key: deploymentId. deployer → node-manager. */
	public static final String GET_NODE_REQUEST = "get-node-request";

	/** key: deploymentId. node-manager → deployer. */
	public static final String BEST_NODE_RESPONSE = "best-node-response";

	/** key: nodeId. deployer, monitoring → node-agent. */
	public static final String NODE_COMMANDS = "node-commands";

	/** key: nodeId. node-agent → node-manager, monitoring. */
	public static final String NODE_HEARTBEAT = "node-heartbeat";

	/** key: instanceId. node-agent → deployer, node-manager, monitoring. */
	public static final String INSTANCE_STATUS = "instance-status";

	/** key: app/service. deployer → node-manager, gateway. */
	public static final String REGISTER_SERVICE = "register-service";

	/** key: app/service. node-manager → deployer. */
	public static final String START_NEW_INSTANCE = "start-new-instance";

	/** no key. node-manager → bootstrapper, admin. */
	public static final String NEW_NODE_REQUEST = "new-node-request";

	/** key: componentId. every service → monitoring. */
	public static final String HEARTBEAT = "heartbeat";

	/** key: alertId. monitoring → UI, mail/webhook. */
	public static final String NOTIFY_ADMIN = "notify-admin";

	/** key: source. every platform service → logger. */
	public static final String PLATFORM_LOGS = "platform-logs";

	/** key: source. node agents (app stdout/stderr) → logger. */
	public static final String APP_LOGS = "app-logs";

	/** key: sensorId. sensor-manager → routers, history writer. */
	public static final String SENSOR_DATA = "sensor-data";

	/** key: sensorId. sensor-manager → MQTT bridge, devices. */
	public static final String SENSOR_COMMANDS = "sensor-commands";

	/** key: deploymentId. deployer → sensor-manager: bind the app's sensors before placing instances. */
	public static final String SENSOR_BINDING_REQUEST = "sensor-binding-request";

	/** key: deploymentId. sensor-manager → deployer: the sensors bound, or why none could be. */
	public static final String SENSOR_BINDING_RESPONSE = "sensor-binding-response";

	/** Every fixed topic, created up front by the bootstrapper. */
	public static final List<String> ALL = List.of(SCHEDULER_TO_DEPLOYER, DEPLOYMENT_STATUS, GET_NODE_REQUEST,
			BEST_NODE_RESPONSE, NODE_COMMANDS, NODE_HEARTBEAT, INSTANCE_STATUS, REGISTER_SERVICE, START_NEW_INSTANCE,
			NEW_NODE_REQUEST, HEARTBEAT, NOTIFY_ADMIN, PLATFORM_LOGS, APP_LOGS, SENSOR_DATA, SENSOR_COMMANDS,
			SENSOR_BINDING_REQUEST, SENSOR_BINDING_RESPONSE);

	private Topics() {
	}

	/** The per-binding topic an app service reads its sensor readings from: {@code app.<app>.<service>.sensor-data}. */
	public static String appSensorData(String app, String service) {
		return "app." + app + "." + service + ".sensor-data";
	}

}
