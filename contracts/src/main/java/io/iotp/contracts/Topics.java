package io.iotp.contracts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.deployment.DeployerCommand;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.Topic;
import io.iotp.contracts.node.NodeCommand;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.sensor.SensorCommand;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.contracts.sensor.SensorTypeChanged;
import io.iotp.contracts.service.ServiceRegistration;

/**
 * The Kafka topics of SPEC §5, each with the message type it carries and the rule for its
 * partition key. A publisher takes the key from the message by that rule; a consumer
 * reads only messages of that type from it, and a record of any other type is reported,
 * not silently dropped.
 */
public final class Topics {

	/** app-controller → deployer: deploy or stop a deployment. */
	public static final Topic<DeployerCommand> SCHEDULER_TO_DEPLOYER = topic(TopicNames.SCHEDULER_TO_DEPLOYER,
			DeployerCommand.class, "deploymentId", command -> command.deploymentId().value());

	/**
	 * deployer → app-controller, monitoring, sensor-manager: every transition of a
	 * deployment.
	 */
	public static final Topic<DeploymentStatusChanged> DEPLOYMENT_STATUS = topic(TopicNames.DEPLOYMENT_STATUS,
			DeploymentStatusChanged.class, "deploymentId", status -> status.deploymentId().value());

	/** deployer → node-manager: which node should run one more instance? */
	public static final Topic<BestNodeRequest> GET_NODE_REQUEST = topic(TopicNames.GET_NODE_REQUEST,
			BestNodeRequest.class, "deploymentId", request -> request.deploymentId().value());

	/** node-manager → deployer: the answer to {@link #GET_NODE_REQUEST}. */
	public static final Topic<BestNodeResponse> BEST_NODE_RESPONSE = topic(TopicNames.BEST_NODE_RESPONSE,
			BestNodeResponse.class, "deploymentId", response -> response.deploymentId().value());

	/**
	 * deployer → node-agent (and node-manager's reservations): start or stop an instance.
	 */
	public static final Topic<NodeCommand> NODE_COMMANDS = topic(TopicNames.NODE_COMMANDS, NodeCommand.class, "nodeId",
			command -> command.nodeId().value());

	/**
	 * node-agent → node-manager, monitoring: the node's registration and usage, every
	 * second.
	 */
	public static final Topic<NodeHeartbeat> NODE_HEARTBEAT = topic(TopicNames.NODE_HEARTBEAT, NodeHeartbeat.class,
			"nodeId", heartbeat -> heartbeat.nodeId().value());

	/**
	 * node-agent, monitoring → deployer, node-manager, monitoring: an instance changed
	 * state.
	 */
	public static final Topic<InstanceStatusChanged> INSTANCE_STATUS = topic(TopicNames.INSTANCE_STATUS,
			InstanceStatusChanged.class, "instanceId", status -> status.instanceId().value());

	/**
	 * deployer → gateway, sensor-manager: an instance joins or leaves a service's pool.
	 */
	public static final Topic<ServiceRegistration> REGISTER_SERVICE = topic(TopicNames.REGISTER_SERVICE,
			ServiceRegistration.class, "<app>/<service>",
			registration -> registration.app().value() + "/" + registration.service());

	/** every platform process → monitoring: its heartbeat, every second. */
	public static final Topic<Heartbeat> HEARTBEAT = topic(TopicNames.HEARTBEAT, Heartbeat.class, "componentId",
			Heartbeat::componentId);

	/**
	 * monitoring → whoever watches alerts: an alert raised or resolved (the UI reads them
	 * over REST).
	 */
	public static final Topic<AdminAlert> NOTIFY_ADMIN = topic(TopicNames.NOTIFY_ADMIN, AdminAlert.class, "alertId",
			alert -> alert.alertId().value());

	/** every platform service → logger: its log lines. */
	public static final Topic<LogEntry> PLATFORM_LOGS = topic(TopicNames.PLATFORM_LOGS, LogEntry.class, "source",
			LogEntry::source);

	/** node agents → logger: what app instances print. */
	public static final Topic<LogEntry> APP_LOGS = topic(TopicNames.APP_LOGS, LogEntry.class, "source",
			LogEntry::source);

	/** sensor-manager → router, history writer: every accepted reading. */
	public static final Topic<SensorReading> SENSOR_DATA = topic(TopicNames.SENSOR_DATA, SensorReading.class,
			"sensorId", reading -> reading.sensorId().value());

	/**
	 * sensor-manager: every command issued to a sensor (devices take theirs over MQTT or
	 * HTTP).
	 */
	public static final Topic<SensorCommand> SENSOR_COMMANDS = topic(TopicNames.SENSOR_COMMANDS, SensorCommand.class,
			"sensorId", command -> command.sensorId().value());

	/** deployer → sensor-manager: bind the app's sensors before placing instances. */
	public static final Topic<SensorBindingRequest> SENSOR_BINDING_REQUEST = topic(TopicNames.SENSOR_BINDING_REQUEST,
			SensorBindingRequest.class, "deploymentId", request -> request.deploymentId().value());

	/** sensor-manager → deployer: the sensors bound, or why none could be. */
	public static final Topic<SensorBindingResponse> SENSOR_BINDING_RESPONSE = topic(TopicNames.SENSOR_BINDING_RESPONSE,
			SensorBindingResponse.class, "deploymentId", response -> response.deploymentId().value());

	/**
	 * sensor-manager → app-controller (upload validation): the sensor type registry,
	 * compacted, so reading it from the start gives every type.
	 */
	public static final Topic<SensorTypeChanged> SENSOR_TYPES = topic(TopicNames.SENSOR_TYPES, SensorTypeChanged.class,
			"name", SensorTypeChanged::name);

	/** Every fixed topic, created up front by the bootstrapper. */
	public static final List<Topic<?>> ALL = List.of(SCHEDULER_TO_DEPLOYER, DEPLOYMENT_STATUS, GET_NODE_REQUEST,
			BEST_NODE_RESPONSE, NODE_COMMANDS, NODE_HEARTBEAT, INSTANCE_STATUS, REGISTER_SERVICE, HEARTBEAT,
			NOTIFY_ADMIN, PLATFORM_LOGS, APP_LOGS, SENSOR_DATA, SENSOR_COMMANDS, SENSOR_BINDING_REQUEST,
			SENSOR_BINDING_RESPONSE, SENSOR_TYPES);

	/**
	 * The topics that hold state rather than events: compacted (the latest message of
	 * each key is kept for good), not deleted after the retention time.
	 */
	public static final List<Topic<?>> COMPACTED = List.of(SENSOR_TYPES);

	private static final Map<String, Topic<?>> BY_NAME = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

	private static final String APP_TOPIC_PREFIX = "app.";

	private static final String APP_TOPIC_SUFFIX = ".sensor-data";

	private Topics() {
	}

	/**
	 * The per-binding topic an app service reads its sensor readings from:
	 * {@code app.<app>.<service>.sensor-data}, keyed by sensor id like
	 * {@link #SENSOR_DATA}.
	 */
	public static Topic<SensorReading> appSensorData(String app, String service) {
		return appTopic(APP_TOPIC_PREFIX + app + "." + service + APP_TOPIC_SUFFIX);
	}

	/**
	 * What the names of all of an app's topics begin with: {@code app.<app>.} (app names
	 * hold no dot, so no other app's topics do).
	 */
	public static String appTopicsPrefix(String app) {
		return APP_TOPIC_PREFIX + app + ".";
	}

	/**
	 * The platform topic of this name, fixed or per binding; empty for a name the
	 * platform does not use.
	 */
	public static Optional<Topic<?>> byName(String name) {
		Topic<?> fixed = BY_NAME.get(name);
		if (fixed != null) {
			return Optional.of(fixed);
		}
		if (name.startsWith(APP_TOPIC_PREFIX) && name.endsWith(APP_TOPIC_SUFFIX)) {
			return Optional.of(appTopic(name));
		}
		return Optional.empty();
	}

	private static Topic<SensorReading> appTopic(String name) {
		return topic(name, SensorReading.class, "sensorId", reading -> reading.sensorId().value());
	}

	private static <T extends Message> Topic<T> topic(String name, Class<T> type, String keyName,
			Function<? super T, String> keyRule) {
		return new Topic<>(name, type, keyName, keyRule);
	}

}
