package io.iotp.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * Healing of running deployments against a real Kafka broker and the MongoDB wire
 * protocol, with node-manager (two nodes, honouring exclusions) and the node agents
 * played by the test: an instance LOST with its node, or FAILED beyond its restart
 * budget, is replaced on the other node with growing waits, re-registered for routing,
 * and the deployment stays RUNNING with a reason naming both.
 */
@SpringBootTest(properties = { "spring.application.name=deployer", "iotp.deployer.startup-deadline=5s",
		"iotp.deployer.sweep-interval=200ms", "iotp.gateway-url=http://gw.test:8080",
		"iotp.deployer.replacement.initial-backoff=300ms", "iotp.deployer.replacement.sweep-interval=1s" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.GET_NODE_REQUEST,
				TopicNames.BEST_NODE_RESPONSE, TopicNames.NODE_COMMANDS, TopicNames.INSTANCE_STATUS,
				TopicNames.REGISTER_SERVICE, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS })
@ContextConfiguration(initializers = EmbeddedMongo.class)
class ReplacementIT {

	private static final List<NodeId> NODES = List.of(NodeId.of("n-a"), NodeId.of("n-b"));

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
	void anInstanceLostWithItsNodeIsReplacedOnTheOtherNodeAndRoutedAgain() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, service("web", 1)));
		this.peers.awaitStatus(id, DeploymentState.RUNNING);
		StartInstance first = starts(id).getFirst();
		NodeId lostNode = first.nodeId();

		this.peers.report(first, InstanceState.LOST, "node " + lostNode + " is DOWN");

		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 2);
		StartInstance replacement = starts(id).get(1);
		assertThat(replacement.nodeId()).isNotEqualTo(lostNode);
		assertThat(replacement.service()).isEqualTo("web");
		assertThat(replacement.env()).containsEntry("IOTP_INSTANCE_ID", replacement.instanceId().value())
			.containsEntry("THRESHOLD", "30");
		BestNodeRequest asked = this.peers.messages(BestNodeRequest.class)
			.stream()
			.filter(r -> r.deploymentId().equals(id))
			.reduce((a, b) -> b)
			.orElseThrow();
		assertThat(asked.excludeNodes()).containsExactly(lostNode);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.peers.messages(ServiceDeregistered.class))
				.anyMatch(d -> d.instanceId().equals(first.instanceId()));
			assertThat(this.peers.messages(ServiceRegistered.class))
				.anyMatch(r -> r.instanceId().equals(replacement.instanceId()));
		});
		DeploymentStatusChanged healed = await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id), s -> s.reason() != null && s.reason().contains("replaced by"));
		assertThat(healed.status()).isEqualTo(DeploymentState.RUNNING);
		assertThat(healed.reason()).contains("instance " + first.instanceId() + " LOST on node " + lostNode)
			.contains("replaced by " + replacement.instanceId() + " on node " + replacement.nodeId());
		assertThat(healed.instances()).extracting(i -> i.instanceId()).containsExactly(replacement.instanceId());
		assertThat(this.peers.statuses(id)).doesNotContain(DeploymentState.FAILED);

		// the old node comes back and re-adopts the old instance: it is no longer part of
		// the run, so it is stopped
		this.peers.report(first, InstanceState.HEALTHY, "re-adopted by the agent after its restart");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.peers.messages(StopInstance.class))
				.anyMatch(s -> s.instanceId().equals(first.instanceId())));
		stop(id);
	}

	@Test
	void anInstanceFailedBeyondItsBudgetIsReplacedWithGrowingWaitsAndTheDeploymentKeepsRunning() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, service("web", 1)));
		this.peers.awaitStatus(id, DeploymentState.RUNNING);
		StartInstance first = starts(id).getFirst();

		Instant firstFailure = Instant.now();
		this.peers.report(first, InstanceState.FAILED, "exited with code 137 after 3 restart(s); last output: (none)");
		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 2);
		StartInstance second = starts(id).get(1);
		Duration firstWait = Duration.between(firstFailure, this.peers.seenAt(second));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.peers.messages(ServiceRegistered.class)
				.stream()
				.anyMatch(r -> r.instanceId().equals(second.instanceId())));

		Instant secondFailure = Instant.now();
		this.peers.report(second, InstanceState.FAILED, "exited with code 137 after 3 restart(s); last output: (none)");
		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 3);
		Duration secondWait = Duration.between(secondFailure, this.peers.seenAt(starts(id).get(2)));

		assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(secondWait).as("the second replacement of the service waits twice as long")
			.isGreaterThanOrEqualTo(Duration.ofMillis(600));
		assertThat(this.peers.statuses(id)).doesNotContain(DeploymentState.FAILED);
		assertThat(lastStatus(id).reason()).contains("FAILED on node").contains("exited with code 137");
		stop(id);
	}

	@Test
	void anInstanceStoppedThoughNobodyStoppedItsRunIsReplacedAndEachInstanceChangeIsAnnounced() {
		DeploymentId id = DeploymentId.random();
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), request(id, service("web", 1)));
		this.peers.awaitStatus(id, DeploymentState.RUNNING);
		StartInstance first = starts(id).getFirst();

		this.peers.report(first, InstanceState.UNHEALTHY, "GET /health answered 500");
		DeploymentStatusChanged unhealthy = await().atMost(Duration.ofSeconds(10))
			.until(() -> lastInstanceReport(id), s -> s.instances().getFirst().state() == InstanceState.UNHEALTHY);
		assertThat(unhealthy.status()).isEqualTo(DeploymentState.RUNNING);
		assertThat(unhealthy.reason()).as("an instance's change is no transition of the run").isNull();

		this.peers.report(first, InstanceState.STOPPED, "stopped: the node agent shut down");
		await().atMost(Duration.ofSeconds(15)).until(() -> starts(id).size() == 2);
		StartInstance replacement = starts(id).get(1);
		assertThat(replacement.service()).isEqualTo("web");
		DeploymentStatusChanged healed = await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id), s -> s.reason().contains("replaced by"));
		assertThat(healed.reason()).contains("instance " + first.instanceId() + " STOPPED on node " + first.nodeId())
			.contains("the node agent shut down");
		assertThat(healed.instances()).extracting(i -> i.instanceId()).containsExactly(replacement.instanceId());
		assertThat(this.peers.statuses(id)).doesNotContain(DeploymentState.FAILED, DeploymentState.STOPPED);
		stop(id);
	}

	private DeploymentStatusChanged lastInstanceReport(DeploymentId id) {
		return this.peers.messages(DeploymentStatusChanged.class)
			.stream()
			.filter(s -> s.deploymentId().equals(id) && s.reason() == null)
			.reduce((a, b) -> b)
			.orElseThrow();
	}

	private void stop(DeploymentId id) {
		this.peers.send(TopicNames.SCHEDULER_TO_DEPLOYER, id.value(), new StopDeployment(id, "asked by the test"));
		this.peers.awaitStatus(id, DeploymentState.STOPPED);
	}

	private void answer(ConsumerRecord<String, byte[]> record, Message message) {
		switch (message) {
			case BestNodeRequest request -> {
				NodeId node = NODES.stream().filter(n -> !request.excludeNodes().contains(n)).findFirst().orElseThrow();
				this.peers.reply(record, TopicNames.BEST_NODE_RESPONSE, request.deploymentId().value(),
						BestNodeResponse.chosen(request.requestId(), request.deploymentId(), node, "127.0.0.1"));
			}
			case StartInstance start -> {
				this.peers.report(start, InstanceState.STARTING, null);
				this.peers.report(start, InstanceState.HEALTHY, null);
			}
			case StopInstance stop -> this.peers.messages(StartInstance.class)
				.stream()
				.filter(s -> s.instanceId().equals(stop.instanceId()))
				.findFirst()
				.ifPresent(start -> this.peers.report(start, InstanceState.STOPPED, stop.reason()));
			default -> {
			}
		}
	}

	private DeploymentRequested request(DeploymentId id, ServiceSpec service) {
		return new DeploymentRequested(id, AppId.of("healing"), "1.0.0", "anonymous", "apps/healing/1.0.0/app.zip",
				null, service.name(), AppAccess.PUBLIC, List.of(service), null,
				Map.of(service.name(), service.instances().min()), List.of(), Map.of(), false);
	}

	private static ServiceSpec service(String name, int instances) {
		return new ServiceSpec(name, RuntimeKind.PYTHON, List.of(), true, "/health", Map.of("THRESHOLD", "30"),
				new Resources(0.1, 64), new InstanceBounds(instances, Math.max(instances, 3)), SensorDelivery.NONE);
	}

	private List<StartInstance> starts(DeploymentId id) {
		return this.peers.messages(StartInstance.class).stream().filter(s -> s.deploymentId().equals(id)).toList();
	}

	/**
	 * The last report of the run itself (with a reason: reports without one only say an
	 * instance changed).
	 */
	private DeploymentStatusChanged lastStatus(DeploymentId id) {
		return this.peers.messages(DeploymentStatusChanged.class)
			.stream()
			.filter(s -> s.deploymentId().equals(id) && s.reason() != null)
			.reduce((a, b) -> b)
			.orElseThrow();
	}

}
