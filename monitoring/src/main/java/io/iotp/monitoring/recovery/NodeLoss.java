package io.iotp.monitoring.recovery;

import java.time.Clock;
import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.heartbeat.ComponentState;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.monitoring.component.ComponentEvents;
import io.iotp.monitoring.component.ComponentRecord;
import io.iotp.monitoring.component.MonitoredKind;
import io.iotp.monitoring.component.Observations;
import io.iotp.starter.MessagePublisher;

/**
 * Declares the instances of a DOWN node LOST: for every instance last reported on it in a
 * state that is not final, an {@code InstanceStatusChanged(LOST)} on
 * {@code instance-status} (key: instance id), which the deployer answers with a
 * replacement elsewhere. Checked on every round while the node is DOWN, so a report that
 * arrives late, or a leader that took over half-way, still gets its instances declared;
 * one whose declaration Kafka refused is declared again.
 */
@Component
class NodeLoss implements ComponentEvents {

	private static final Logger log = LoggerFactory.getLogger(NodeLoss.class);

	private final Observations observations;

	private final MessagePublisher publisher;

	private final Clock clock;

	NodeLoss(Observations observations, MessagePublisher publisher, Clock clock) {
		this.observations = observations;
		this.publisher = publisher;
		this.clock = clock;
	}

	@Override
	public void checked(Collection<ComponentRecord> components) {
		for (ComponentRecord component : components) {
			if (component.kind() == MonitoredKind.NODE && component.state() == ComponentState.DOWN
					&& component.nodeId() != null) {
				declareLost(component.nodeId());
			}
		}
	}

	private void declareLost(String nodeId) {
		for (InstanceStatusChanged last : this.observations.liveInstancesOn(nodeId)) {
			InstanceStatusChanged lost = new InstanceStatusChanged(last.instanceId(), last.deploymentId(),
					last.nodeId(), last.app(), last.service(), InstanceState.LOST, last.endpoint(), last.pid(), null,
					"node " + nodeId + " is DOWN", last.restarts(), this.clock.instant(), last.runtime());
			// noted at once, so the next round does not declare it again before the
			// message comes back
			this.observations.instance(lost);
			this.publisher.publish(Topics.INSTANCE_STATUS, lost, last.deploymentId().value())
				.whenComplete((sent, failure) -> {
					if (failure != null) {
						log.warn(
								"[deployment {}] instance {} LOST could not be published, declared again next round: {}",
								last.deploymentId(), last.instanceId(), failure.toString());
						this.observations.withdraw(lost, last);
					}
				});
			log.warn("[deployment {}] instance {} of {} declared LOST: node {} is DOWN", last.deploymentId(),
					last.instanceId(), last.service(), nodeId);
		}
	}

}
