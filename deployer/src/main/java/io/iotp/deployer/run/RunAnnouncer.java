package io.iotp.deployer.run;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.deployment.InstanceSummary;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.starter.MessagePublisher;

/**
 * Everything the deployer tells the rest of the platform, each on its topic with its key.
 */
@Component
class RunAnnouncer {

	private final MessagePublisher publisher;

	private final Clock clock;

	RunAnnouncer(MessagePublisher publisher, Clock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	void status(DeploymentRun run) {
		publishStatus(run, run.reason());
	}

	/**
	 * The run's instances as they are now, with no reason: the run did not change, one of
	 * its instances did.
	 */
	void instances(DeploymentRun run) {
		publishStatus(run, null);
	}

	private void publishStatus(DeploymentRun run, @Nullable String reason) {
		this.publisher.publish(Topics.DEPLOYMENT_STATUS,
				new DeploymentStatusChanged(DeploymentId.of(run.id()), AppId.of(run.app()), run.state(), reason,
						run.errorCode(),
						run.instances()
							.stream()
							.map(i -> new InstanceSummary(InstanceId.of(i.instanceId()), i.service(),
									NodeId.of(i.nodeId()), i.state(), i.endpoint(), i.runtime()))
							.toList(),
						run.url(), this.clock.instant()),
				run.id());
	}

	void start(StartInstance command) {
		this.publisher.publish(Topics.NODE_COMMANDS, command, command.deploymentId().value());
	}

	void stop(DeploymentRun run, RunInstance instance, String reason, int graceSeconds) {
		this.publisher.publish(Topics.NODE_COMMANDS, new StopInstance(NodeId.of(instance.nodeId()),
				InstanceId.of(instance.instanceId()), reason, graceSeconds), run.id());
	}

	void register(DeploymentRun run, DeploymentRequested request, RunInstance instance) {
		String service = instance.service();
		String healthPath = request.services()
			.stream()
			.filter(s -> s.name().equals(service))
			.findFirst()
			.map(s -> s.healthPath())
			.orElse(null);
		this.publisher.publish(Topics.REGISTER_SERVICE,
				new ServiceRegistered(request.app(), service, InstanceId.of(instance.instanceId()),
						request.deploymentId(), NodeId.of(instance.nodeId()), "http://" + instance.endpoint(),
						healthPath, service.equals(request.entryService()), request.access()),
				run.id());
	}

	void deregister(DeploymentRun run, RunInstance instance, String reason) {
		this.publisher.publish(Topics.REGISTER_SERVICE, new ServiceDeregistered(AppId.of(run.app()), instance.service(),
				InstanceId.of(instance.instanceId()), DeploymentId.of(run.id()), reason), run.id());
	}

}
