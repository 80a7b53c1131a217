package io.iotp.deployer.placement;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.deployer.DeployerProperties;
import io.iotp.starter.PlatformIdentity;

/**
 * Asks node-manager for the best node with Spring Kafka's request-reply. Every deployer replica reads
 * all replies in a consumer group of its own and keeps those that answer its own correlation ids. A
 * timeout is retried; a reply without a node is final.
 * <p>
 * The replying template is not a bean: as a {@code KafkaTemplate} it would replace the one Boot
 * configures for everything else.
 */
@Component
public class NodePlacementClient implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NodePlacementClient.class);

	private final ReplyingKafkaTemplate<Object, Object, Object> template;

	private final ConcurrentMessageListenerContainer<Object, Object> replies;

	private final PlatformIdentity identity;

	private final DeployerProperties properties;

	private volatile boolean assigned;

	NodePlacementClient(ProducerFactory<Object, Object> producers, ConsumerFactory<Object, Object> consumers,
			PlatformIdentity identity, DeployerProperties properties) {
		ContainerProperties containerProperties = new ContainerProperties(Topics.BEST_NODE_RESPONSE);
		containerProperties.setGroupId("deployer-replies-" + identity.instanceId());
		// Replies sent before this replica existed are for nobody here.
		containerProperties.getKafkaConsumerProperties().setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		this.replies = new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
		this.replies.setBeanName("best-node-replies");
		this.template = new ReplyingKafkaTemplate<>(producers, this.replies);
		this.template.setSharedReplyTopic(true);
		this.template.setDefaultReplyTimeout(properties.placementTimeout());
		this.identity = identity;
		this.properties = properties;
	}

	/**
	 * @throws PlatformException {@code deployment.placement-timeout} when node-manager never answered
	 */
	public BestNodeResponse bestNode(DeploymentId deployment, AppId app, String service, RuntimeKind runtime,
			Resources resources, List<NodeId> exclude) {
		awaitAssignment();
		BestNodeRequest request = new BestNodeRequest(UUID.randomUUID().toString(), deployment, app, service, runtime,
				resources, exclude);
		for (int attempt = 1; attempt <= this.properties.placementAttempts(); attempt++) {
			try {
				RequestReplyFuture<Object, Object, Object> future = this.template.sendAndReceive(new ProducerRecord<>(
						Topics.GET_NODE_REQUEST, deployment.value(), Envelope.of(this.identity.componentId(),
								deployment.value(), request)));
				Object reply = future.get(this.properties.placementTimeout().toMillis() + 500, TimeUnit.MILLISECONDS)
					.value();
				if (reply instanceof Envelope<?> envelope && envelope.payload() instanceof BestNodeResponse response) {
					return response;
				}
				throw new PlatformException(ErrorCodes.INTERNAL, "node-manager answered with " + reply);
			}
			catch (TimeoutException | ExecutionException ex) {
				log.warn("[deployment {}] no placement answer for {}/{} (attempt {} of {}): {}", deployment, app,
						service, attempt, this.properties.placementAttempts(), ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new PlatformException(ErrorCodes.DEPLOYMENT_PLACEMENT_TIMEOUT,
				"node-manager did not answer where to place " + service + " after "
						+ this.properties.placementAttempts() + " attempts");
	}

	private void awaitAssignment() {
		if (!this.assigned) {
			try {
				this.assigned = this.template.waitForAssignment(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void start() {
		this.template.start();
	}

	@Override
	public void stop() {
		this.template.stop();
	}

	@Override
	public boolean isRunning() {
		return this.template.isRunning();
	}


}
