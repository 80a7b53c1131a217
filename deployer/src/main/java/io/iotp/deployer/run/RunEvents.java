package io.iotp.deployer.run;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.deployer.DeployerProperties;
import io.iotp.deployer.GatewayLink;

/**
 * Follows what the nodes report of each instance: registers healthy HTTP instances with
 * the gateway, takes unhealthy ones out, turns the run RUNNING when all are healthy, and
 * fails it when one fails while it deploys. Once it runs, an instance FAILED for good,
 * LOST with its node, or STOPPED without being asked (its agent shut down with it, or
 * found it gone after a restart of the machine) is replaced. Every change of an
 * instance's state is announced, so what the API shows of an instance is what its node
 * last said, while the run is under way (an ended run's last report stands).
 */
@Component
class RunEvents {

	private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

	private final RunStore store;

	private final RunAnnouncer announcer;

	private final RunStopper stopper;

	private final RunReplacer replacer;

	private final RequestCodec codec;

	private final GatewayLink gateway;

	private final DeployerProperties properties;

	private final Clock clock;

	RunEvents(RunStore store, RunAnnouncer announcer, RunStopper stopper, RunReplacer replacer, RequestCodec codec,
			GatewayLink gateway, DeployerProperties properties, Clock clock) {
		this.store = store;
		this.announcer = announcer;
		this.stopper = stopper;
		this.replacer = replacer;
		this.codec = codec;
		this.gateway = gateway;
		this.properties = properties;
		this.clock = clock;
	}

	void onInstanceStatus(InstanceStatusChanged status) {
		String id = status.deploymentId().value();
		String instanceId = status.instanceId().value();
		Optional<RunStore.Change> change = this.store.update(id,
				run -> (run.instance(instanceId) == null) ? run : run.withInstance(instanceId,
						i -> i.with(status.state(), status.endpoint(), status.reason(), status.runtime())));
		if (change.isEmpty() || change.get().after().instance(instanceId) == null) {
			stopStray(status);
			return;
		}
		DeploymentRun run = change.get().after();
		RunInstance instance = run.instance(instanceId);
		RunInstance before = change.get().before().instance(instanceId);
		if (change.get().changed() && (before == null || before.state() != instance.state()) && run.isActive()) {
			this.announcer.instances(run);
		}
		switch (status.state()) {
			case HEALTHY -> healthy(run, instance);
			case UNHEALTHY -> deregister(run, instance, "unhealthy");
			case FAILED -> {
				deregister(run, instance, "failed");
				if (run.state() == DeploymentState.RUNNING) {
					// the agent reports FAILED once its restart budget is spent: heal
					// elsewhere
					this.replacer.replaceLater(run, instance);
				}
				else if (run.state() == DeploymentState.DEPLOYING) {
					this.stopper.fail(id, "instance " + instanceId + " of service " + instance.service() + " failed: "
							+ status.reason(), ErrorCodes.DEPLOYMENT_START_FAILED);
				}
			}
			case LOST -> {
				deregister(run, instance, "lost");
				if (run.state() == DeploymentState.RUNNING) {
					this.replacer.replaceLater(run, instance);
				}
				this.stopper.finishIfAllStopped(run);
			}
			case STOPPED -> {
				deregister(run, instance, "stopped");
				if (run.state() == DeploymentState.RUNNING) {
					// a run being stopped is STOPPING: this one was not asked to stop
					this.replacer.replaceLater(run, instance);
				}
				this.stopper.finishIfAllStopped(run);
			}
			default -> {
			}
		}
	}

	private void healthy(DeploymentRun run, RunInstance instance) {
		if (run.state() != DeploymentState.DEPLOYING && run.state() != DeploymentState.RUNNING) {
			// It came up after the run was given up: it must not linger.
			this.announcer.stop(run, instance, "its deployment is " + run.state(),
					(int) this.properties.stopGrace().toSeconds());
			return;
		}
		DeploymentRequested request = this.codec.decode(run);
		boolean http = request.services().stream().anyMatch(s -> s.name().equals(instance.service()) && s.http());
		if (http && !instance.registered() && instance.endpoint() != null) {
			this.announcer.register(run, request, instance);
			this.store.update(run.id(),
					current -> current.withInstance(instance.instanceId(), i -> i.registered(true)));
		}
		log.info("[deployment {}] instance {} of {} healthy on node {} at {}", run.id(), instance.instanceId(),
				instance.service(), instance.nodeId(), instance.endpoint());
		int expected = request.services().stream().mapToInt(request::instancesOf).sum();
		this.store.update(run.id(), current -> {
			boolean allHealthy = current.instances().size() == expected
					&& current.instances().stream().allMatch(i -> i.state() == InstanceState.HEALTHY);
			if (current.state() != DeploymentState.DEPLOYING || !allHealthy) {
				return current;
			}
			String url = (request.entryService() != null) ? this.gateway.appUrl(run.app()) : null;
			return current.running(url, (request.durationMinutes() != null)
					? this.clock.instant().plus(this.properties.durationUnit().multipliedBy(request.durationMinutes()))
					: null);
		}).filter(RunStore.Change::changed).ifPresent(running -> {
			log.info("[deployment {}] running after {} ms at {}", run.id(),
					Duration.between(running.after().startedAt(), this.clock.instant()).toMillis(),
					running.after().url());
			this.announcer.status(running.after());
		});
	}

	private void deregister(DeploymentRun run, RunInstance instance, String reason) {
		if (instance.registered()) {
			this.announcer.deregister(run, instance, reason);
			this.store.update(run.id(),
					current -> current.withInstance(instance.instanceId(), i -> i.registered(false)));
		}
	}

	/**
	 * An instance no run knows (of a forgotten or replaced run) is stopped rather than
	 * left running.
	 */
	private void stopStray(InstanceStatusChanged status) {
		if (status.state() == InstanceState.STARTING || status.state() == InstanceState.HEALTHY
				|| status.state() == InstanceState.UNHEALTHY) {
			log.warn("[deployment {}] instance {} on node {} belongs to no run: stopping it", status.deploymentId(),
					status.instanceId(), status.nodeId());
			DeploymentRun orphanRun = new DeploymentRun(status.deploymentId().value(), status.app().value(), "-", "{}",
					DeploymentState.STOPPED, java.util.List.of(), null, null, null, this.clock.instant(),
					this.clock.instant(), null, null, null);
			this.announcer.stop(orphanRun,
					new RunInstance(status.instanceId().value(), status.service(), status.nodeId().value(),
							status.state(), null, null, false, status.runtime()),
					"belongs to no deployment run", (int) this.properties.stopGrace().toSeconds());
		}
	}

}
