package io.iotp.deployer.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.deployment.DeploymentState;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.deployer.placement.NodePlacementClient;
import io.iotp.starter.lease.Lease;
import io.iotp.starter.lease.Leases;

/**
 * Heals running deployments: an instance LOST with its node, FAILED after its agent spent
 * its restart budget, or STOPPED though nobody stopped its run, is replaced by a new
 * instance on another node (the old one is excluded from the placement; when no other
 * node fits, any node will do). Replacements of one service wait 1 s, 2 s, 4 s … up to a
 * cap, so an app that cannot live does not churn the fleet. The swap is one guarded
 * update of the run: the old instance leaves the run's list (reports of it are then
 * strays, stopped if it ever comes back), the new one enters it, and the run stays
 * RUNNING with a reason naming both, announced on {@code deployment-status}. A periodic
 * sweep catches replacements a restart of the deployer missed. It stops before anything
 * it calls: a replacement due while the deployer shuts down is left to the sweep of its
 * next start. Of several deployer replicas only the one holding the {@code replacements}
 * lease replaces (each replacement asks node-manager to hold room on a node); the others
 * leave what they hear of to its sweep.
 */
@Component
class RunReplacer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunReplacer.class);

	private final RunStore store;

	private final RunAnnouncer announcer;

	private final RunStarter starter;

	private final NodePlacementClient placement;

	private final RequestCodec codec;

	private final ReplacementProperties properties;

	private final Clock clock;

	private final Lease lease;

	/**
	 * Per deployment and service, when its recent replacements happened (for the
	 * back-off).
	 */
	private final Map<String, List<Instant>> recent = new ConcurrentHashMap<>();

	/**
	 * Instances whose replacement is scheduled, so the sweep does not schedule them
	 * twice.
	 */
	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("deployer-replacements").daemon(true).factory());

	private volatile boolean running;

	RunReplacer(RunStore store, RunAnnouncer announcer, RunStarter starter, NodePlacementClient placement,
			RequestCodec codec, ReplacementProperties properties, Clock clock, Leases leases) {
		this.store = store;
		this.announcer = announcer;
		this.starter = starter;
		this.placement = placement;
		this.codec = codec;
		this.properties = properties;
		this.clock = clock;
		this.lease = leases.lease("replacements", properties.leaseTerm(), properties.leaseRenewEvery());
	}

	/**
	 * Schedules the replacement of an instance of a running run that ended without being
	 * asked to.
	 */
	void replaceLater(DeploymentRun run, RunInstance ended) {
		if (!this.lease.held() || !this.pending.add(ended.instanceId())) {
			return;
		}
		Duration delay = backoff(run.id(), ended.service());
		log.info("[deployment {}] instance {} of {} {} on node {}: replacing it in {} ms", run.id(), ended.instanceId(),
				ended.service(), ended.state(), ended.nodeId(), delay.toMillis());
		try {
			this.timer.schedule(() -> replaceNow(run.id(), run.app(), ended.instanceId()), delay.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the sweep of the next start does it
			this.pending.remove(ended.instanceId());
		}
	}

	@Scheduled(fixedDelayString = "${iotp.deployer.replacement.sweep-interval:5s}")
	void sweep() {
		if (!this.lease.held()) {
			return;
		}
		for (DeploymentRun run : this.store.inState(DeploymentState.RUNNING)) {
			for (RunInstance instance : run.instances()) {
				if (needsReplacement(instance)) {
					replaceLater(run, instance);
				}
			}
		}
	}

	static boolean needsReplacement(RunInstance instance) {
		return instance.isFinal();
	}

	private void replaceNow(String runId, String app, String oldId) {
		MDC.put("deploymentId", runId);
		MDC.put("app", app);
		MDC.put("instanceId", oldId);
		try {
			replace(runId, oldId);
		}
		catch (RuntimeException ex) {
			log.error("[deployment {}] replacement of instance {} failed: {}", runId, oldId, ex.toString(), ex);
			retry(runId, oldId);
		}
		finally {
			MDC.clear();
		}
	}

	private void replace(String runId, String oldId) {
		this.pending.remove(oldId);
		Optional<DeploymentRun> found = this.store.find(runId);
		if (found.isEmpty() || found.get().state() != DeploymentState.RUNNING) {
			return; // stopped or failed meanwhile: nothing to heal
		}
		DeploymentRun run = found.get();
		RunInstance old = run.instance(oldId);
		if (old == null || !needsReplacement(old)) {
			return; // replaced already (by another replica, or the sweep)
		}
		DeploymentRequested request = this.codec.decode(run);
		ServiceSpec service = request.services()
			.stream()
			.filter(s -> s.name().equals(old.service()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("service " + old.service() + " is not in the request"));
		BestNodeResponse answer;
		try {
			answer = this.placement.bestNode(request, service, List.of(NodeId.of(old.nodeId())));
			if (!answer.hasNode()) {
				// no other node fits: a fresh instance on the same node beats none
				answer = this.placement.bestNode(request, service, List.of());
			}
		}
		catch (PlatformException ex) {
			log.warn("[deployment {}] no placement for the replacement of {}: {}", runId, oldId, ex.detail());
			retry(run, old);
			return;
		}
		if (!answer.hasNode()) {
			log.warn("[deployment {}] no node for the replacement of {}: {}", runId, oldId, answer.reason());
			retry(run, old);
			return;
		}
		NodeId node = answer.nodeId();
		InstanceId fresh = InstanceId.random();
		String reason = "instance " + oldId + " " + old.state() + " on node " + old.nodeId()
				+ ((old.reason() != null) ? " (" + firstLine(old.reason()) + ")" : "") + "; replaced by " + fresh
				+ " on node " + node;
		Optional<RunStore.Change> swapped = this.store.update(runId, current -> {
			RunInstance stillThere = current.instance(oldId);
			if (current.state() != DeploymentState.RUNNING || stillThere == null || !needsReplacement(stillThere)) {
				return current;
			}
			List<RunInstance> instances = new ArrayList<>();
			for (RunInstance instance : current.instances()) {
				instances.add(instance.instanceId().equals(oldId) ? new RunInstance(fresh.value(), old.service(),
						node.value(), InstanceState.PENDING, null, null, false, null) : instance);
			}
			return current.withInstances(instances).withState(DeploymentState.RUNNING, reason, null);
		});
		if (swapped.isEmpty() || !swapped.get().changed()) {
			return;
		}
		remember(runId, old.service());
		this.announcer.start(this.starter.startCommand(request, service, node, fresh));
		this.announcer.status(swapped.get().after());
		log.warn("[deployment {}] {}", runId, reason);
	}

	private void retry(String runId, String oldId) {
		this.store.find(runId).ifPresent(run -> {
			RunInstance old = run.instance(oldId);
			if (old != null) {
				retry(run, old);
			}
		});
	}

	private void retry(DeploymentRun run, RunInstance old) {
		// a failed attempt lengthens the wait like a replacement
		remember(run.id(), old.service());
		replaceLater(run, old);
	}

	private Duration backoff(String runId, String service) {
		Instant horizon = this.clock.instant().minus(this.properties.resetAfter());
		long count = this.recent.getOrDefault(runId + "/" + service, List.of())
			.stream()
			.filter(at -> at.isAfter(horizon))
			.count();
		Duration delay = this.properties.initialBackoff().multipliedBy(1L << Math.min(count, 20));
		return (delay.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : delay;
	}

	private void remember(String runId, String service) {
		Instant now = this.clock.instant();
		Instant horizon = now.minus(this.properties.resetAfter());
		this.recent.compute(runId + "/" + service, (key, times) -> {
			List<Instant> kept = new ArrayList<>();
			if (times != null) {
				times.stream().filter(at -> at.isAfter(horizon)).forEach(kept::add);
			}
			kept.add(now);
			return kept;
		});
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		return (end < 0) ? text : text.substring(0, end);
	}

	@Override
	public void start() {
		this.running = true;
		this.lease.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.timer.shutdownNow();
		this.lease.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stopped first, before the Kafka templates and listeners it calls. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
