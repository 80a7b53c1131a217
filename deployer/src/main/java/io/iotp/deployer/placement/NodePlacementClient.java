package io.iotp.deployer.placement;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.deployer.DeployerProperties;
import io.iotp.deployer.kafka.RequestReplyChannel;
import io.iotp.starter.PlatformIdentity;

/**
 * Asks node-manager for the best node with Kafka request-reply ({@code get-node-request}
 * / {@code best-node-response}). A timeout is retried; a reply without a node is final.
 */
@Component
public class NodePlacementClient implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NodePlacementClient.class);

	private final RequestReplyChannel<BestNodeRequest, BestNodeResponse> channel;

	private final DeployerProperties properties;

	NodePlacementClient(ProducerFactory<Object, Object> producers, ConsumerFactory<Object, Object> consumers,
			PlatformIdentity identity, DeployerProperties properties) {
		this.channel = new RequestReplyChannel<>("best-node-replies", Topics.GET_NODE_REQUEST,
				Topics.BEST_NODE_RESPONSE, properties.placementTimeout(), producers, consumers, identity);
		this.properties = properties;
	}

	/**
	 * Which node should run one more instance of {@code service}, not one of
	 * {@code exclude}; a node that runs apps in containers when the deployment is a
	 * developer's and developers may not use the process runtime.
	 * @throws PlatformException {@code deployment.placement-timeout} when node-manager
	 * never answered
	 */
	public BestNodeResponse bestNode(DeploymentRequested deploymentRequest, ServiceSpec service, List<NodeId> exclude) {
		DeploymentId deployment = deploymentRequest.deploymentId();
		AppId app = deploymentRequest.app();
		boolean containersOnly = !deploymentRequest.requestedByAdmin() && !this.properties.developersMayUseProcesses();
		BestNodeRequest request = new BestNodeRequest(UUID.randomUUID().toString(), deployment, app, service.name(),
				service.runtime(), service.resources(), exclude, containersOnly);
		for (int attempt = 1; attempt <= this.properties.placementAttempts(); attempt++) {
			try {
				return this.channel.ask(request, this.properties.placementTimeout());
			}
			catch (TimeoutException | ExecutionException ex) {
				log.warn("[deployment {}] no placement answer for {}/{} (attempt {} of {}): {}", deployment, app,
						service.name(), attempt, this.properties.placementAttempts(), ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new PlatformException(ErrorCodes.DEPLOYMENT_PLACEMENT_TIMEOUT,
				"node-manager did not answer where to place " + service.name() + " after "
						+ this.properties.placementAttempts() + " attempts");
	}

	@Override
	public void start() {
		this.channel.start();
	}

	@Override
	public void stop() {
		this.channel.stop();
	}

	@Override
	public boolean isRunning() {
		return this.channel.isRunning();
	}

}
