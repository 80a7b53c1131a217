package io.iotp.deployer.run;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.deployer.DeployerProperties;
import io.iotp.deployer.GatewayLink;
import io.iotp.deployer.binding.Binding;
import io.iotp.deployer.binding.SensorBindingClient;
import io.iotp.deployer.kafka.AppKafkaAccess;
import io.iotp.deployer.placement.NodePlacementClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Begins a run: records it DEPLOYING, has sensor-manager bind the app's sensors (when it
 * asks for any; a deployment whose sensors cannot be bound fails before anything is
 * placed), places every instance of every service on the node node-manager chooses, and
 * sends each node its start command. The rest happens as the instances report in.
 */
@Component
class RunStarter {

	private static final Logger log = LoggerFactory.getLogger(RunStarter.class);

	private final RunStore store;

	private final RunAnnouncer announcer;

	private final RunStopper stopper;

	private final NodePlacementClient placement;

	private final SensorBindingClient sensors;

	private final JsonMapper json = JsonMapper.builder().build();

	private final RequestCodec codec;

	private final DeployerProperties properties;

	private final GatewayLink gateway;

	private final String kafkaBootstrap;

	private final AppKafkaAccess kafkaAccess;

	private final Clock clock;

	RunStarter(RunStore store, RunAnnouncer announcer, RunStopper stopper, NodePlacementClient placement,
			SensorBindingClient sensors, RequestCodec codec, DeployerProperties properties, GatewayLink gateway,
			KafkaProperties kafka, AppKafkaAccess kafkaAccess, Clock clock) {
		this.store = store;
		this.announcer = announcer;
		this.stopper = stopper;
		this.placement = placement;
		this.sensors = sensors;
		this.codec = codec;
		this.properties = properties;
		this.gateway = gateway;
		this.kafkaBootstrap = String.join(",", kafka.getBootstrapServers());
		this.kafkaAccess = kafkaAccess;
		this.clock = clock;
	}

	void begin(String messageId, DeploymentRequested request) {
		String id = request.deploymentId().value();
		Optional<DeploymentRun> existing = this.store.find(id);
		if (existing.isPresent() && existing.get().requestMessageId().equals(messageId)) {
			log.debug("[deployment {}] request {} seen before: ignored", id, messageId);
			return;
		}
		if (existing.isPresent() && existing.get().isActive()) {
			log.warn("[deployment {}] asked to start while {}: ignored", id, existing.get().state());
			return;
		}
		Instant now = this.clock.instant();
		DeploymentRun run = this.store.begin(new DeploymentRun(id, request.app().value(), messageId,
				this.codec.encode(request), DeploymentState.DEPLOYING, List.of(), null, null, null, now,
				now.plus(this.properties.startupDeadline()), null, null, null));
		log.info("[deployment {}] deploying {} {} ({} services)", id, request.app(), request.version(),
				request.services().size());
		this.announcer.status(run);
		Binding bound;
		try {
			bound = SensorBindingClient.needsBinding(request) ? this.sensors.bind(request) : Binding.none();
		}
		catch (PlatformException ex) {
			this.stopper.fail(id, ex.detail(), ex.errorCode());
			return;
		}
		if (AppKafkaAccess.needed(request)) {
			try {
				this.kafkaAccess.grant(request.app().value(), id);
			}
			catch (PlatformException ex) {
				this.stopper.fail(id, ex.detail(), ex.errorCode());
				return;
			}
		}
		for (ServiceSpec service : request.services()) {
			for (int i = 0; i < request.instancesOf(service); i++) {
				if (!place(request, service, bound)) {
					return;
				}
			}
		}
	}

	private boolean place(DeploymentRequested request, ServiceSpec service, Binding sensors) {
		String id = request.deploymentId().value();
		BestNodeResponse answer;
		try {
			answer = this.placement.bestNode(request, service, List.of());
		}
		catch (PlatformException ex) {
			this.stopper.fail(id, ex.detail(), ex.errorCode());
			return false;
		}
		if (!answer.hasNode()) {
			this.stopper.fail(id, "no node for service " + service.name() + ": " + answer.reason(),
					ErrorCodes.DEPLOYMENT_NO_NODE);
			return false;
		}
		InstanceId instanceId = InstanceId.random();
		RunInstance instance = new RunInstance(instanceId.value(), service.name(), answer.nodeId().value(),
				InstanceState.PENDING, null, null, false, null);
		Optional<RunStore.Change> added = this.store.update(id, run -> {
			if (run.state() != DeploymentState.DEPLOYING) {
				return run;
			}
			List<RunInstance> instances = new ArrayList<>(run.instances());
			instances.add(instance);
			return run.withInstances(instances);
		});
		if (added.isEmpty() || !added.get().changed()) {
			return false; // stopped or failed meanwhile
		}
		this.announcer.start(new StartInstance(answer.nodeId(), instanceId, request.deploymentId(), request.app(),
				service.name(), service.runtime(), service.command(), request.artifactKey(), request.artifactSha256(),
				environment(request, service, instanceId, sensors), service.healthPath(), service.http(),
				service.resources()));
		log.info("[deployment {}] instance {} of {} starting on node {}", id, instanceId, service.name(),
				answer.nodeId());
		return true;
	}

	/**
	 * The start command of one more instance of a service of a running deployment (a
	 * replacement), with the same environment its first instances got. Binding is
	 * idempotent, so the sensors are asked for again rather than remembered.
	 */
	StartInstance startCommand(DeploymentRequested request, ServiceSpec service, NodeId node, InstanceId instanceId) {
		Binding bound = SensorBindingClient.needsBinding(request) ? this.sensors.bind(request) : Binding.none();
		return new StartInstance(node, instanceId, request.deploymentId(), request.app(), service.name(),
				service.runtime(), service.command(), request.artifactKey(), request.artifactSha256(),
				environment(request, service, instanceId, bound), service.healthPath(), service.http(),
				service.resources());
	}

	/**
	 * The environment of SPEC §3; the node agent adds PORT. Platform variables win over
	 * the service's own. {@code IOTP_API_TOKEN} is the app token of the deployment's
	 * binding, for every service (an app may read and command its bound sensors from any
	 * of them); deployments that ask for no sensors are not bound and get none.
	 */
	private Map<String, String> environment(DeploymentRequested request, ServiceSpec service, InstanceId instanceId,
			Binding binding) {
		Map<String, String> env = new LinkedHashMap<>(service.env());
		env.put("IOTP_APP", request.app().value());
		env.put("IOTP_SERVICE", service.name());
		env.put("IOTP_INSTANCE_ID", instanceId.value());
		env.put("IOTP_DEPLOYMENT_ID", request.deploymentId().value());
		env.put("IOTP_SENSORS", this.json.writeValueAsString(binding.of(service.name())));
		env.put("IOTP_API_URL", this.gateway.gatewayUrl());
		if (binding.appToken() != null) {
			env.put("IOTP_API_TOKEN", binding.appToken());
		}
		else {
			// a service's own value must not pass for the platform's
			env.remove("IOTP_API_TOKEN");
		}
		if (service.sensorDelivery() == SensorDelivery.KAFKA) {
			env.put("IOTP_SENSOR_TOPIC", Topics.appSensorData(request.app().value(), service.name()).name());
			env.put("KAFKA_BOOTSTRAP_SERVERS", this.kafkaBootstrap);
			env.putAll(this.kafkaAccess.environment(request.deploymentId().value()));
		}
		return env;
	}

}
