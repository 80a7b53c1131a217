package io.iotp.deployer.run;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.deployer.DeployerProperties;
import io.iotp.deployer.kafka.AppKafkaAccess;

/**
 * Ends runs: on request or at the end of their duration (STOPPING → STOPPED), or on
 * failure (FAILED).
 */
@Component
class RunStopper {

	private static final Logger log = LoggerFactory.getLogger(RunStopper.class);

	private final RunStore store;

	private final RunAnnouncer announcer;

	private final DeployerProperties properties;

	private final AppKafkaAccess kafkaAccess;

	private final RequestCodec codec;

	private final Clock clock;

	RunStopper(RunStore store, RunAnnouncer announcer, DeployerProperties properties, AppKafkaAccess kafkaAccess,
			RequestCodec codec, Clock clock) {
		this.store = store;
		this.announcer = announcer;
		this.properties = properties;
		this.kafkaAccess = kafkaAccess;
		this.codec = codec;
		this.clock = clock;
	}

	/**
	 * Stops an active run. A run that is already over is announced again, so its
	 * requester learns its end.
	 */
	void stop(String id, String app, String why) {
		Optional<RunStore.Change> change = this.store.update(id,
				run -> (run.state() == DeploymentState.DEPLOYING || run.state() == DeploymentState.RUNNING)
						? run.stopping(why, this.clock.instant()) : run);
		if (change.isEmpty()) {
			// Never reached the deployer (or was forgotten): nothing runs, so it is
			// stopped.
			log.info("[deployment {}] stop requested for a run the deployer does not know: reported stopped", id);
			this.kafkaAccess.revoke(id);
			this.announcer.status(new DeploymentRun(id, app, "-", "{}", DeploymentState.STOPPED, List.of(), why, null,
					null, this.clock.instant(), this.clock.instant(), null, null, null));
			return;
		}
		DeploymentRun run = change.get().after();
		if (!change.get().changed()) {
			if (!run.isActive() || run.state() == DeploymentState.STOPPING) {
				this.announcer.status(run);
			}
			return;
		}
		log.info("[deployment {}] stopping: {}", id, why);
		this.announcer.status(run);
		DeploymentRun released = release(run, why);
		finishIfAllStopped(released);
	}

	/** Fails an active run with the reason, and stops whatever of it still runs. */
	void fail(String id, String why, ErrorCode code) {
		Optional<RunStore.Change> change = this.store.update(id,
				run -> (run.state() == DeploymentState.DEPLOYING || run.state() == DeploymentState.RUNNING)
						? run.withState(DeploymentState.FAILED, why, code.code()) : run);
		if (change.isEmpty() || !change.get().changed()) {
			return;
		}
		log.warn("[deployment {}] failed: {}", id, why);
		DeploymentRun failed = release(change.get().after(), "deployment failed");
		this.announcer.status(failed);
	}

	/** A stopping run whose instances have all ended is STOPPED. */
	void finishIfAllStopped(DeploymentRun run) {
		if (run.state() != DeploymentState.STOPPING || !run.instances().stream().allMatch(RunInstance::isFinal)) {
			return;
		}
		this.store
			.update(run.id(),
					current -> (current.state() == DeploymentState.STOPPING)
							? current.withState(DeploymentState.STOPPED, current.reason(), null) : current)
			.filter(RunStore.Change::changed)
			.ifPresent(stopped -> {
				log.info("[deployment {}] stopped", run.id());
				this.announcer.status(stopped.after());
			});
	}

	/** Gives up on instances that never confirmed their stop (their node may be gone). */
	void forceFinish(DeploymentRun run) {
		this.store.update(run.id(), current -> {
			List<RunInstance> instances = new ArrayList<>();
			for (RunInstance instance : current.instances()) {
				instances.add(instance.isFinal() ? instance : instance.with(InstanceState.STOPPED, null,
						"no stop confirmation from node " + instance.nodeId(), null));
			}
			return current.withInstances(instances);
		}).ifPresent(change -> finishIfAllStopped(change.after()));
	}

	/**
	 * Takes every instance out of the gateway, revokes the run's Kafka principal and
	 * tells each node to stop its instance.
	 */
	private DeploymentRun release(DeploymentRun run, String why) {
		// only a run that reads Kafka has a principal: the others cost the broker nothing
		if (AppKafkaAccess.needed(this.codec.decode(run))) {
			this.kafkaAccess.revoke(run.id());
		}
		int grace = (int) this.properties.stopGrace().toSeconds();
		for (RunInstance instance : run.instances()) {
			if (instance.registered()) {
				this.announcer.deregister(run, instance, why);
			}
			if (!instance.isFinal()) {
				this.announcer.stop(run, instance, why, grace);
			}
		}
		return this.store.update(run.id(), current -> {
			List<RunInstance> instances = current.instances().stream().map(i -> i.registered(false)).toList();
			return current.withInstances(instances);
		}).map(RunStore.Change::after).orElse(run);
	}

}
