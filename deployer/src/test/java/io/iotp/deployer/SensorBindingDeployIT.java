package io.iotp.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.InstanceBounds;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.SensorRequirement;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.binding.ServiceBinding;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.sensor.BoundSensor;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * The deployer's sensor-binding call against a real Kafka broker: sensor-manager,
 * node-manager and a node agent are played by the test over their real topics. Apps named
 * {@code unbindable} are refused by the fake sensor-manager, {@code mute} gets no answer
 * at all, every other app gets one sensor per service.
 */
@SpringBootTest(properties = { "spring.application.name=deployer", "iotp.deployer.startup-deadline=5s",
		"iotp.deployer.sensor-binding.timeout=1s", "iotp.deployer.sensor-binding.attempts=2",
		"iotp.gateway-url=http://gw.test:8080", "iotp.platform.ship-logs=false" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.GET_NODE_REQUEST,
				TopicNames.BEST_NODE_RESPONSE, TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS,
				TopicNames.REGISTER_SERVICE, TopicNames.SENSOR_BINDING_REQUEST, TopicNames.SENSOR_BINDING_RESPONSE,
				TopicNames.HEARTBEAT })
@ContextConfiguration(initializers = EmbeddedMongo.class)
class SensorBindingDeployIT {

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private PlayedPeers peers;

	@BeforeEach
	void startPeers() {
		this.peers = new PlayedPeers(this.kafka, this::answer);
		this.peers.listen(TopicNames.GET_NODE_REQUEST, TopicNames.NODE_COMMANDS, TopicNames.DEPLOYMENT_STATUS,
				TopicNames.SENSOR_BINDING_REQUEST);
	}

	@AfterEach
	void stopPeers() throws InterruptedException {
		this.peers.close();
	}

	@Test
	void boundSensorsReachEachInstancesEnvironment() {
		DeploymentId id = DeploymentId.random();
		send(request(id, "greenhouse", List.of(new SensorRequirement("temperature", "gh-1", 1, List.of("web"))),
				Map.of()));

		this.peers.awaitStatus(id, DeploymentState.RUNNING);

		SensorBindingRequest asked = this.peers.messages(SensorBindingRequest.class)
			.stream()
			.filter((r) -> r.deploymentId().equals(id))
			.findFirst()
			.orElseThrow();
		assertThat(asked.owner()).isEqualTo("ada");
		assertThat(asked.requirements())
			.containsExactly(new SensorRequirement("temperature", "gh-1", 1, List.of("web")));
		assertThat(asked.deliveries()).containsEntry("web", SensorDelivery.HTTP)
			.containsEntry("worker", SensorDelivery.KAFKA);
		List<StartInstance> starts = this.peers.messages(StartInstance.class)
			.stream()
			.filter((s) -> s.deploymentId().equals(id))
			.toList();
		assertThat(starts).hasSize(2);
		assertThat(starts).filteredOn((s) -> s.service().equals("web"))
			.singleElement()
			.satisfies((s) -> assertThat(s.env())
				.containsEntry("IOTP_SENSORS",
						"[{\"id\":\"s-web-sensor\",\"type\":\"temperature\",\"location\":\"gh-1\"}]")
				.containsEntry("IOTP_API_TOKEN", "iotp_app_" + id + "_token"));
		assertThat(starts).filteredOn((s) -> s.service().equals("worker"))
			.singleElement()
			.satisfies((s) -> assertThat(s.env()).containsEntry("IOTP_SENSORS", "[]")
				// the token is the deployment's: a service without sensors of its own
				// gets it too
				.containsEntry("IOTP_API_TOKEN", "iotp_app_" + id + "_token")
				.containsEntry("IOTP_SENSOR_TOPIC", "app.greenhouse.worker.sensor-data")
				.containsKey("KAFKA_BOOTSTRAP_SERVERS"));
	}

	@Test
	void explicitBindingsAloneAlsoAskSensorManager() {
		DeploymentId id = DeploymentId.random();
		send(request(id, "explicit", List.of(), Map.of("web", List.of(SensorId.of("s-web-sensor")))));

		this.peers.awaitStatus(id, DeploymentState.RUNNING);

		assertThat(this.peers.messages(SensorBindingRequest.class)).filteredOn((r) -> r.deploymentId().equals(id))
			.singleElement()
			.satisfies(
					(r) -> assertThat(r.sensorBindings()).containsEntry("web", List.of(SensorId.of("s-web-sensor"))));
	}

	@Test
	void sensorsThatCannotBeBoundFailTheDeploymentWithTheReasonBeforeAnythingIsPlaced() {
		DeploymentId id = DeploymentId.random();
		send(request(id, "unbindable", List.of(new SensorRequirement("temperature", "gh-9", 3, List.of())), Map.of()));

		DeploymentStatusChanged failed = this.peers.awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.errorCode()).isEqualTo("deployment.sensors-unavailable");
		assertThat(failed.reason()).contains("needs 3 'temperature' sensor(s) at 'gh-9' owned by ada, found 1");
		assertThat(this.peers.messages(BestNodeRequest.class)).noneMatch((r) -> r.deploymentId().equals(id));
		assertThat(this.peers.messages(StartInstance.class)).noneMatch((s) -> s.deploymentId().equals(id));
	}

	@Test
	void noAnswerFromSensorManagerFailsTheDeploymentAsATimeout() {
		DeploymentId id = DeploymentId.random();
		send(request(id, "mute", List.of(new SensorRequirement("temperature", null, 1, List.of())), Map.of()));

		DeploymentStatusChanged failed = this.peers.awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.errorCode()).isEqualTo("deployment.sensor-binding-timeout");
		assertThat(this.peers.messages(SensorBindingRequest.class)).filteredOn((r) -> r.deploymentId().equals(id))
			.hasSize(2);
		assertThat(this.peers.messages(StartInstance.class)).noneMatch((s) -> s.deploymentId().equals(id));
	}

	private void answer(ConsumerRecord<String, byte[]> record, Message message) {
		switch (message) {
			case SensorBindingRequest request -> {
				if (request.app().value().equals("mute")) {
					return;
				}
				SensorBindingResponse response = request.app()
					.value()
					.equals("unbindable")
							? SensorBindingResponse.notBound(request.requestId(), request.deploymentId(),
									"needs 3 'temperature' sensor(s) at 'gh-9' owned by ada, found 1")
							: SensorBindingResponse.bound(
									request.requestId(), request.deploymentId(), List.of(
											new ServiceBinding("web", SensorDelivery.HTTP,
													"app." + request.app() + ".web.sensor-data",
													List.of(new BoundSensor(SensorId.of("s-web-sensor"), "temperature",
															"gh-1")))),
									"iotp_app_" + request.deploymentId() + "_token");
				this.peers.reply(record, TopicNames.SENSOR_BINDING_RESPONSE, request.deploymentId().value(), response);
			}
			case BestNodeRequest request ->
				this.peers.reply(record, TopicNames.BEST_NODE_RESPONSE, request.deploymentId().value(), BestNodeResponse
					.chosen(request.requestId(), request.deploymentId(), NodeId.of("n-test"), "127.0.0.1"));
			case StartInstance start -> {
				this.peers.report(start, InstanceState.STARTING, null);
				this.peers.report(start, InstanceState.HEALTHY, null);
			}
			default -> {
			}
		}
	}

	private static DeploymentRequested request(DeploymentId id, String app, List<SensorRequirement> sensors,
			Map<String, List<SensorId>> explicit) {
		ServiceSpec web = new ServiceSpec("web", RuntimeKind.PYTHON, List.of(), true, "/health", Map.of(),
				new Resources(0.1, 64), new InstanceBounds(1, 1), SensorDelivery.HTTP);
		ServiceSpec worker = new ServiceSpec("worker", RuntimeKind.PYTHON, List.of(), false, null, Map.of(),
				new Resources(0.1, 64), new InstanceBounds(1, 1), SensorDelivery.KAFKA);
		return new DeploymentRequested(id, AppId.of(app), "1.0.0", "ada", "apps/" + app + "/1.0.0/app.zip", null, "web",
				AppAccess.PUBLIC, List.of(web, worker), null, Map.of(), sensors, explicit, false);
	}

	private void send(DeploymentRequested request) {
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, request.deploymentId().value(), request);
	}

}
