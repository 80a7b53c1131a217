package io.iotp.nodeagent.instance;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.iotp.contracts.Topics;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.starter.MessagePublisher;

/**
 * Publishes what happens to instances on {@code instance-status}, keyed by instance id,
 * and logs each change with the instance's ids in the MDC. Callers report under the
 * instance's lock, so one instance's reports leave in the order they happened.
 */
class StatusReporter {

	private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

	private final MessagePublisher publisher;

	private final NodeId nodeId;

	private final String address;

	StatusReporter(MessagePublisher publisher, NodeId nodeId, String address) {
		this.publisher = publisher;
		this.nodeId = nodeId;
		this.address = address;
	}

	/** Reports the instance in {@code state}, as it is now (pid, port, restarts). */
	void report(ManagedInstance instance, InstanceState state, @Nullable Integer exitCode, @Nullable String reason) {
		// an instance that ended is reachable nowhere, whatever port it had
		String endpoint = (instance.spec.http() && instance.port > 0 && !state.terminal())
				? this.address + ":" + instance.port : null;
		Long pid = (instance.pid > 0) ? instance.pid : null;
		publish(new InstanceStatusChanged(instance.id(), instance.spec.deploymentId(), this.nodeId, instance.spec.app(),
				instance.spec.service(), state, endpoint, pid, exitCode, reason, instance.restarts, Instant.now(),
				instance.runtime.mode()), instance.context);
	}

	/**
	 * Reports an instance the agent has no process for, e.g. one it was asked to stop but
	 * does not run.
	 */
	void report(InstanceId instanceId, DeploymentId deploymentId, AppId app, String service, InstanceState state,
			String reason) {
		publish(new InstanceStatusChanged(instanceId, deploymentId, this.nodeId, app, service, state, null, null, null,
				reason, 0, Instant.now(), null),
				Map.of("app", app.value(), "service", service, "deploymentId", deploymentId.value(), "instanceId",
						instanceId.value(), "nodeId", this.nodeId.value()));
	}

	private void publish(InstanceStatusChanged status, Map<String, String> context) {
		Map<String, String> previous = MDC.getCopyOfContextMap();
		context.forEach(MDC::put);
		try {
			log.info("[deployment {}] instance {} {} on node {}{}{}", status.deploymentId(), status.instanceId(),
					status.state(), this.nodeId, (status.endpoint() != null) ? " at " + status.endpoint() : "",
					(status.reason() != null) ? ": " + status.reason() : "");
			this.publisher.publish(Topics.INSTANCE_STATUS, status).whenComplete((result, failure) -> {
				if (failure != null) {
					log.warn("status {} of instance {} not delivered: {}", status.state(), status.instanceId(),
							failure.toString());
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("status {} of instance {} not sent: {}", status.state(), status.instanceId(), ex.toString());
		}
		finally {
			if (previous != null) {
				MDC.setContextMap(previous);
			}
			else {
				MDC.clear();
			}
		}
	}

}
