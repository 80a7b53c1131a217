package io.iotp.contracts.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.binding.ServiceBinding;
import io.iotp.contracts.app.InstanceBounds;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.InstanceSummary;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.ids.AlertId;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.CommandId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.sensor.BoundSensor;
import io.iotp.contracts.sensor.FieldType;
import io.iotp.contracts.sensor.SensorCommand;
import io.iotp.contracts.sensor.SensorField;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.contracts.sensor.SensorTypeChanged;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;

/**
 * One fully populated instance of every registered message, matching the JSON fixtures
 * under {@code src/test/resources/io/iotp/contracts/messaging/fixtures}.
 */
public final class MessageSamples {

	static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

	static final Instant T1 = Instant.parse("2026-03-01T08:00:01.250Z");

	static final AppId APP = AppId.of("greenhouse");

	static final DeploymentId DEPLOYMENT = DeploymentId.of("d-4k2m9x7q1z0a");

	static final NodeId NODE = NodeId.of("n-7h3j5k1l9p2q");

	static final InstanceId INSTANCE = InstanceId.of("i-0a1b2c3d4e5f");

	static final SensorId SENSOR = SensorId.of("s-t1t1t1t1t1t1");

	private MessageSamples() {
	}

	/** The envelope every fixture wraps its payload in. */
	static Envelope<Message> envelope(String type, Message payload) {
		return new Envelope<>("6f1c2d9e-0b7a-4c55-9d2e-8a1f3b4c5d6e", type, "deployer", T0, "corr-42", payload);
	}

	public static Map<String, Message> all() {
		Map<String, Message> samples = new LinkedHashMap<>();
		samples.put("heartbeat", new Heartbeat("deployer", ComponentKind.SERVICE, "deployer-1a2b", "host-1", 4242L,
				"0.1.0", HeartbeatStatus.UP, T0, "http://127.0.0.1:8082"));
		samples.put("log-entry", new LogEntry("greenhouse/dashboard", INSTANCE.value(), T1, "INFO", "stdout", null,
				"reading r-1 from s-t1t1t1t1t1t1", null, Map.of("app", "greenhouse", "instance", INSTANCE.value())));
		samples.put("deployment-requested", deploymentRequested());
		samples.put("stop-deployment", new StopDeployment(DEPLOYMENT, "duration of 600 minutes ended"));
		samples.put("deployment-status-changed",
				new DeploymentStatusChanged(DEPLOYMENT, APP, DeploymentState.RUNNING, "every service is healthy", null,
						List.of(new InstanceSummary(INSTANCE, "dashboard", NODE, InstanceState.HEALTHY,
								"127.0.0.5:41234", ExecutionMode.DOCKER),
								new InstanceSummary(InstanceId.of("i-9z8y7x6w5v4u"), "monitor", null,
										InstanceState.PENDING, null, null)),
						"http://localhost:8080/apps/greenhouse/", T1));
		samples.put("best-node-request", new BestNodeRequest("req-1", DEPLOYMENT, APP, "dashboard", RuntimeKind.PYTHON,
				new Resources(0.25, 128), List.of(NodeId.of("n-broken000001")), true));
		samples.put("best-node-response", BestNodeResponse.chosen("req-1", DEPLOYMENT, NODE, "127.0.0.5"));
		samples.put("start-instance",
				new StartInstance(NODE, INSTANCE, DEPLOYMENT, APP, "dashboard", RuntimeKind.PYTHON,
						List.of("python3", "main.py"), "apps/greenhouse/1.0.0.zip",
						"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
						Map.of("THRESHOLD", "30", "IOTP_SENSORS", "[{\"id\":\"s-t1t1t1t1t1t1\"}]"), "/health", true,
						new Resources(0.25, 128)));
		samples.put("stop-instance", new StopInstance(NODE, INSTANCE, "deployment stopped", 10));
		samples.put("node-heartbeat",
				new NodeHeartbeat(NODE, "127.0.0.5", Map.of("zone", "lab"), new Resources(4, 8192),
						new NodeUsage(37.5, 2048, 1), List.of(RuntimeKind.PYTHON, RuntimeKind.JAVA),
						ExecutionMode.PROCESS, NodeState.UP, List.of(INSTANCE), "0.1.0", T0));
		samples.put("instance-status-changed",
				new InstanceStatusChanged(INSTANCE, DEPLOYMENT, NODE, APP, "dashboard", InstanceState.FAILED,
						"127.0.0.5:41234", 31337L, 1, "exited with code 1", 2, T1, ExecutionMode.PROCESS));
		samples.put("service-registered", new ServiceRegistered(APP, "dashboard", INSTANCE, DEPLOYMENT, NODE,
				"http://127.0.0.5:41234", "/health", true, AppAccess.PUBLIC));
		samples.put("service-deregistered",
				new ServiceDeregistered(APP, "dashboard", INSTANCE, DEPLOYMENT, "instance unhealthy"));
		samples.put("admin-alert", new AdminAlert(AlertId.of("al-node-n-7h3j"), AlertSeverity.CRITICAL, "node-down",
				NODE.value(), "node n-7h3j5k1l9p2q missed heartbeats for 30 s", T1, false));
		samples.put("sensor-reading",
				new SensorReading("r-01hv3k", SENSOR, "temperature", "greenhouse-1", T0, T1, orderedValues()));
		samples.put("sensor-command", new SensorCommand(CommandId.of("c-5t6y7u8i9o0p"), SENSOR, "set-interval",
				Map.of("seconds", 30), T0, Instant.parse("2026-03-01T08:05:00Z")));
		samples.put("sensor-binding-request",
				new SensorBindingRequest("req-7", DEPLOYMENT, APP, "alice",
						List.of(new SensorRequirement("temperature", "greenhouse-1", 2, List.of("dashboard"))),
						Map.of("monitor", List.of(SENSOR)),
						Map.of("dashboard", SensorDelivery.HTTP, "monitor", SensorDelivery.KAFKA)));
		samples.put("sensor-binding-response", SensorBindingResponse.bound("req-7", DEPLOYMENT,
				List.of(new ServiceBinding("monitor", SensorDelivery.KAFKA, "app.greenhouse.monitor.sensor-data",
						List.of(new BoundSensor(SENSOR, "temperature", "greenhouse-1")))),
				"iotp_app_d-4k2m9x7q1z0a_3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
		samples.put("sensor-type-changed", SensorTypeChanged.defined(new SensorType("temperature", "air temperature",
				List.of(new SensorField("temperature", FieldType.NUMBER, "°C", -40.0, 85.0))), T0));
		return samples;
	}

	private static DeploymentRequested deploymentRequested() {
		ServiceSpec dashboard = new ServiceSpec("dashboard", RuntimeKind.PYTHON, List.of("python3", "main.py"), true,
				"/health", Map.of("THRESHOLD", "30"), new Resources(0.25, 128), new InstanceBounds(1, 3),
				SensorDelivery.HTTP);
		ServiceSpec monitor = new ServiceSpec("monitor", RuntimeKind.COMMAND, List.of("./run.sh"), false, null,
				Map.of(), new Resources(0.1, 64), new InstanceBounds(1, 1), SensorDelivery.KAFKA);
		return new DeploymentRequested(DEPLOYMENT, APP, "1.0.0", "alice", "apps/greenhouse/1.0.0.zip",
				"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "dashboard", AppAccess.PUBLIC,
				List.of(dashboard, monitor), 600, Map.of("monitor", 2),
				List.of(new SensorRequirement("temperature", "greenhouse-1", 2, List.of("dashboard", "monitor"))),
				Map.of("monitor", List.of(SENSOR, SensorId.of("s-t2t2t2t2t2t2"))), false);
	}

	private static Map<String, Object> orderedValues() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("temperature", 21.5);
		values.put("humidity", 40);
		values.put("heating", false);
		values.put("mode", "auto");
		return values;
	}

}
