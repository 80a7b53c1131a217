package io.iotp.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.StopDeployment;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * The deployer against a real Kafka broker and the MongoDB wire protocol, with
 * node-manager and a node agent played by the test over their real topics: a service
 * named {@code bad} fails on start, one named {@code silent} never reports, everything
 * else becomes healthy.
 */
@SpringBootTest(properties = { "spring.application.name=deployer", "iotp.deployer.startup-deadline=8s",
		"iotp.deployer.duration-unit=1s", "iotp.deployer.sweep-interval=200ms",
		"iotp.gateway-url=http://gw.test:8080" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.GET_NODE_REQUEST,
				TopicNames.BEST_NODE_RESPONSE, TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS,
				TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@ContextConfiguration(initializers = EmbeddedMongo.class)
class DeployerIT {

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	private PlayedPeers peers;

	@BeforeEach
	void startPeers() {
		this.peers = new PlayedPeers(this.kafka, this::answer);
		this.peers.listen(TopicNames.GET_NODE_REQUEST, TopicNames.NODE_COMMANDS, TopicNames.DEPLOYMENT_STATUS,
				TopicNames.REGISTER_SERVICE);
	}

	@AfterEach
	void stopPeers() throws InterruptedException {
		this.peers.close();
	}

	@Test
	void placesEveryInstanceRegistersTheHealthyOnesRunsAndStopsOnRequest() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(),
				request(id, null, service("web", true, 2), service("worker", false, 1)));

		DeploymentStatusChanged running = this.peers.awaitStatus(id, DeploymentState.RUNNING);
		assertThat(running.url()).isEqualTo("http://gw.test:8080/apps/demo/");
		assertThat(running.instances()).hasSize(3)
			.allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.HEALTHY));
		List<StartInstance> starts = this.peers.messages(StartInstance.class)
			.stream()
			.filter(s -> s.deploymentId().equals(id))
			.toList();
		assertThat(starts).hasSize(3);
		// developers may use the process runtime unless an admin says otherwise
		assertThat(this.peers.messages(BestNodeRequest.class).stream().filter(r -> r.deploymentId().equals(id)))
			.hasSize(3)
			.noneMatch(BestNodeRequest::containersOnly);
		assertThat(starts.getFirst().env()).containsEntry("IOTP_APP", "demo")
			.containsEntry("IOTP_SENSORS", "[]")
			.containsEntry("IOTP_API_URL", "http://gw.test:8080")
			.containsEntry("THRESHOLD", "30")
			.containsKey("IOTP_INSTANCE_ID")
			// no sensors asked for: not bound, no app token
			.doesNotContainKey("IOTP_API_TOKEN");
		List<ServiceRegistered> registered = this.peers.messages(ServiceRegistered.class)
			.stream()
			.filter(r -> r.deploymentId().equals(id))
			.toList();
		assertThat(registered).hasSize(2).allSatisfy(r -> {
			assertThat(r.service()).isEqualTo("web");
			assertThat(r.entry()).isTrue();
			assertThat(r.url()).startsWith("http://127.0.0.1:");
		});

		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), new StopDeployment(id, "asked by the test"));

		this.peers.awaitStatus(id, DeploymentState.STOPPED);
		assertThat(this.peers.statuses(id)).contains(DeploymentState.DEPLOYING, DeploymentState.RUNNING,
				DeploymentState.STOPPING, DeploymentState.STOPPED);
		assertThat(this.peers.messages(StopInstance.class)
			.stream()
			.filter(s -> starts.stream().anyMatch(st -> st.instanceId().equals(s.instanceId())))).hasSize(3);
		assertThat(this.peers.messages(ServiceDeregistered.class).stream().filter(d -> d.deploymentId().equals(id)))
			.hasSize(2);
	}

	@Test
	void aFailingInstanceFailsTheDeploymentWithItsReasonAndStopsTheOthers() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(),
				request(id, null, service("web", true, 1), service("bad", true, 1)));

		DeploymentStatusChanged failed = this.peers.awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.reason()).contains("service bad failed").contains("boom: exited with code 3");
		assertThat(failed.errorCode()).isEqualTo("deployment.start-failed");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.peers.messages(StopInstance.class)
				.stream()
				.filter(s -> this.peers.messages(StartInstance.class)
					.stream()
					.anyMatch(st -> st.deploymentId().equals(id) && st.service().equals("web")
							&& st.instanceId().equals(s.instanceId()))))
				.isNotEmpty());
		assertThat(this.peers.statuses(id)).doesNotContain(DeploymentState.RUNNING);
	}

	@Test
	void anInstanceThatNeverBecomesHealthyFailsAtTheDeadline() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, null, service("silent", true, 1)));

		DeploymentStatusChanged failed = this.peers.awaitStatus(id, DeploymentState.FAILED);

		assertThat(failed.reason()).contains("not every instance was healthy within 8 s").contains("(silent) PENDING");
		assertThat(failed.errorCode()).isEqualTo("deployment.health-timeout");
	}

	@Test
	void aRunStopsByItselfAtTheEndOfItsDurationAndARedeliveredRequestIsIgnored() {
		DeploymentId id = DeploymentId.random();
		Envelope<Message> envelope = Envelope.of("test", null, request(id, 2, service("web", true, 1)));
		this.peers.sendEnvelope(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), envelope);
		this.peers.sendEnvelope(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), envelope);

		this.peers.awaitStatus(id, DeploymentState.RUNNING);
		this.peers.awaitStatus(id, DeploymentState.STOPPED);

		assertThat(this.peers.messages(StartInstance.class).stream().filter(s -> s.deploymentId().equals(id)))
			.hasSize(1);
	}

	private void answer(ConsumerRecord<String, byte[]> record, Message message) {
		switch (message) {
			case BestNodeRequest request ->
				this.peers.reply(record, TopicNames.BEST_NODE_RESPONSE, request.deploymentId().value(), BestNodeResponse
					.chosen(request.requestId(), request.deploymentId(), NodeId.of("n-test"), "127.0.0.1"));
			case StartInstance start -> {
				if (start.service().equals("silent")) {
					return;
				}
				this.peers.report(start, InstanceState.STARTING, null);
				if (start.service().equals("bad")) {
					this.peers.report(start, InstanceState.FAILED, "boom: exited with code 3");
				}
				else {
					this.peers.report(start, InstanceState.HEALTHY, null);
				}
			}
			case StopInstance stop -> {
				StartInstance start = this.peers.messages(StartInstance.class)
					.stream()
					.filter(s -> s.instanceId().equals(stop.instanceId()))
					.findFirst()
					.orElseThrow();
				this.peers.report(start, InstanceState.STOPPED, stop.reason());
			}
			default -> {
			}
		}
	}

	private DeploymentRequested request(DeploymentId id, Integer durationMinutes, ServiceSpec... services) {
		return new DeploymentRequested(id, AppId.of("demo"), "1.0.0", "anonymous", "apps/demo/1.0.0/app.zip", null,
				services[0].name(), AppAccess.PUBLIC, List.of(services), durationMinutes,
				Map.of(services[0].name(), services[0].instances().min()), List.of(), Map.of(), false);
	}

	private static ServiceSpec service(String name, boolean http, int instances) {
		return new ServiceSpec(name, RuntimeKind.PYTHON, List.of(), http, http ? "/health" : null,
				Map.of("THRESHOLD", "30"), new Resources(0.1, 64),
				new InstanceBounds(instances, Math.max(instances, 3)), SensorDelivery.NONE);
	}

}
