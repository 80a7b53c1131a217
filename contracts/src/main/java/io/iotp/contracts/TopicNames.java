package io.iotp.contracts;

/**
 * The names of the fixed topics, as compile-time constants for listener annotations.
 * Everything else uses the typed {@link Topics}, which say what each topic carries and
 * how it is keyed.
 */
public final class TopicNames {

	public static final String SCHEDULER_TO_DEPLOYER = "scheduler-to-deployer";

	public static final String DEPLOYMENT_STATUS = "deployment-status";

	public static final String GET_NODE_REQUEST = "get-node-request";

	public static final String BEST_NODE_RESPONSE = "best-node-response";

	public static final String NODE_COMMANDS = "node-commands";

	public static final String NODE_HEARTBEAT = "node-heartbeat";

	public static final String INSTANCE_STATUS = "instance-status";

	public static final String REGISTER_SERVICE = "register-service";

	public static final String HEARTBEAT = "heartbeat";

	public static final String NOTIFY_ADMIN = "notify-admin";

	public static final String PLATFORM_LOGS = "platform-logs";

	public static final String APP_LOGS = "app-logs";

	public static final String SENSOR_DATA = "sensor-data";

	public static final String SENSOR_COMMANDS = "sensor-commands";

	public static final String SENSOR_BINDING_REQUEST = "sensor-binding-request";

	public static final String SENSOR_BINDING_RESPONSE = "sensor-binding-response";

	public static final String SENSOR_TYPES = "sensor-types";

	private TopicNames() {
	}

}
