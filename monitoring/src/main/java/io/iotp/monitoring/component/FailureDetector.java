package io.iotp.monitoring.component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.heartbeat.ComponentState;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.starter.lease.Lease;

/**
 * Turns heartbeats and instance reports into component states. A heartbeat source silent
 * for {@code suspect-after} is SUSPECT, for {@code down-after} DOWN; one that announced
 * its own stop is DOWN at once but "stopped", which nobody heals; one that says it is
 * still starting keeps the state it had (a restarted service is UP again once it is
 * ready, not at its first heartbeat). An instance follows its agent's reports: HEALTHY is
 * UP, UNHEALTHY or restarting SUSPECT, FAILED/LOST/STOPPED DOWN. Only what was once UP is
 * tracked, so a component still starting is never "down". Silence is counted from when
 * this replica began listening at the earliest, so a new leader does not declare
 * everything dead at once; a component stored as alive but not heard from since this
 * replica started gets {@code startup-grace} to come back.
 */
@Component
class FailureDetector {

	private static final Logger log = LoggerFactory.getLogger(FailureDetector.class);

	/** The component Kafka is shown as. */
	static final String KAFKA = "kafka";

	private final Observations observations;

	private final ComponentStore store;

	private final Lease lease;

	private final List<ComponentEvents> listeners;

	private final DetectorProperties properties;

	private final Clock clock;

	/**
	 * The stored components, as of the last check; loaded when this replica starts to
	 * lead.
	 */
	private @Nullable Map<String, ComponentRecord> known;

	private final Map<String, Instant> lastWritten = new HashMap<>();

	private boolean blind;

	FailureDetector(Observations observations, ComponentStore store, Lease lease, List<ComponentEvents> listeners,
			DetectorProperties properties, Clock clock) {
		this.observations = observations;
		this.store = store;
		this.lease = lease;
		this.listeners = listeners;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${iotp.monitoring.check-interval:250ms}")
	synchronized void check() {
		if (!this.lease.held()) {
			this.known = null;
			return;
		}
		try {
			if (this.known == null) {
				Map<String, ComponentRecord> loaded = new HashMap<>();
				this.store.all(null).forEach(record -> loaded.put(record.id(), record));
				this.known = loaded;
			}
			checkAll(this.known);
		}
		catch (DataAccessException ex) {
			log.warn("component check incomplete, the store did not answer: {}", ex.getMessage());
			this.known = null; // reload: what was written is unknown
		}
	}

	private void checkAll(Map<String, ComponentRecord> known) {
		Instant now = this.clock.instant();
		noteSight(now);
		Set<String> observed = new HashSet<>();
		for (Observations.Beat beat : this.observations.beats()) {
			Observation observation = ofHeartbeat(beat, now);
			observed.add(observation.id());
			apply(known, observation, now);
		}
		for (Observations.NodeBeat beat : this.observations.nodes()) {
			Observation observation = ofNode(beat, now);
			observed.add(observation.id());
			apply(known, observation, now);
		}
		for (InstanceStatusChanged status : this.observations.instances()) {
			Observation observation = ofInstance(status,
					known.get(MonitoredKind.INSTANCE.prefix() + status.instanceId()));
			observed.add(observation.id());
			apply(known, observation, now);
		}
		Observation kafka = ofKafka(now);
		if (kafka != null) {
			observed.add(kafka.id());
			apply(known, kafka, now);
		}
		// Stored as alive but not heard from since this replica listens: silent since
		// then at least.
		for (ComponentRecord record : new ArrayList<>(known.values())) {
			if (!observed.contains(record.id()) && record.kind() != MonitoredKind.INSTANCE
					&& record.state() != ComponentState.DOWN) {
				apply(known, silent(record, now), now);
			}
		}
		for (ComponentEvents listener : this.listeners) {
			listener.checked(known.values());
		}
	}

	private void noteSight(Instant now) {
		boolean blind = this.observations.sight().blind(now);
		if (blind != this.blind) {
			Instant echo = this.observations.sight().lastEcho();
			if (blind) {
				log.warn(
						"this replica's own heartbeat has not come back for {} ms: Kafka takes no writes; nothing is "
								+ "judged by silence until it does",
						(echo != null) ? Duration.between(echo, now).toMillis() : 0);
			}
			else {
				log.info("this replica hears the platform again: its blind spell does not count as silence");
			}
			this.blind = blind;
		}
	}

	private void apply(Map<String, ComponentRecord> known, Observation observation, Instant now) {
		ComponentRecord current = known.get(observation.id());
		ComponentState next = observation.state();
		if (current == null) {
			if (next == null || (next != ComponentState.UP && !observation.wasUp())) {
				return; // never seen up: still starting, or gone before it ever worked
			}
			ComponentRecord first = ComponentRecord.first(observation, ComponentState.UP, now,
					(next == ComponentState.UP) ? observation.reason() : "was up");
			this.store.save(first);
			this.store.record(first, first);
			known.put(first.id(), first);
			this.lastWritten.put(first.id(), now);
			log.info("{} {} is UP", first.kind(), first.id());
			this.listeners.forEach(l -> l.up(first, Duration.ZERO));
			if (next == ComponentState.UP) {
				return;
			}
			current = first; // it was up and is not any more: go on to that change
		}
		if (next == null || next == current.state()) {
			refreshLastSeen(known, current, observation, now);
			return;
		}
		ComponentRecord moved = current.seen(observation).moved(next, now, observation.reason(), observation.stopped());
		this.store.save(moved);
		this.store.record(current, moved);
		known.put(moved.id(), moved);
		this.lastWritten.put(moved.id(), now);
		log.info("{} {} {} -> {}: {}", moved.kind(), moved.id(), current.state(), next, observation.reason());
		if (next == ComponentState.DOWN && !moved.stopped()) {
			this.listeners.forEach(l -> l.down(moved));
		}
		else if (next == ComponentState.UP) {
			Duration downFor = (current.state() == ComponentState.DOWN) ? Duration.between(current.since(), now)
					: Duration.ZERO;
			this.listeners.forEach(l -> l.up(moved, downFor));
		}
	}

	private void refreshLastSeen(Map<String, ComponentRecord> known, ComponentRecord current, Observation observation,
			Instant now) {
		Instant written = this.lastWritten.get(current.id());
		if (observation.lastSeen().isAfter(current.lastSeen()) && (written == null
				|| Duration.between(written, now).compareTo(this.properties.lastSeenEvery()) >= 0)) {
			ComponentRecord seen = current.seen(observation);
			this.store.save(seen);
			known.put(seen.id(), seen);
			this.lastWritten.put(seen.id(), now);
		}
	}

	private Observation ofHeartbeat(Observations.Beat beat, Instant now) {
		Heartbeat heartbeat = beat.heartbeat();
		MonitoredKind kind = MonitoredKind.of(heartbeat.kind());
		@Nullable ComponentState state = beat.stopping() ? ComponentState.DOWN : bySilence(beat.at(), now);
		if (state == ComponentState.UP && beat.heartbeat().status() == HeartbeatStatus.STARTING) {
			// alive but not ready: neither up yet (a restart is not over) nor silent
			state = null;
		}
		String reason = beat.stopping() ? "stopped: its last heartbeat said so" : silenceReason(state, beat.at(), now);
		return new Observation(heartbeat.componentId(), kind, state, reason, beat.stopping(), beat.at(),
				heartbeat.host(), heartbeat.pid(), null, heartbeat.instanceId(), null, null, null, false);
	}

	/**
	 * Kafka as this replica sees it: UP while its own heartbeat comes back, SUSPECT when
	 * it is late, DOWN when it has not come back for {@code down-after}. A broker that
	 * died (the only one on one machine) is thus restarted like any infrastructure, while
	 * nothing that went silent only because Kafka did is declared dead.
	 */
	private @Nullable Observation ofKafka(Instant now) {
		Instant echo = this.observations.sight().lastEcho();
		if (echo == null) {
			return null; // not heard itself yet: Kafka may still be starting
		}
		Duration silence = Duration.between(echo, now);
		ComponentState state = (silence.compareTo(this.properties.downAfter()) >= 0) ? ComponentState.DOWN
				: this.observations.sight().blind(now) ? ComponentState.SUSPECT : ComponentState.UP;
		String reason = (state == ComponentState.UP) ? "this replica's heartbeats come back through it"
				: "it took no heartbeat of this replica's for " + silence.toMillis() + " ms";
		return new Observation(KAFKA, MonitoredKind.INFRASTRUCTURE, state, reason, false, echo, null, null, null, null,
				null, null, null, true);
	}

	private Observation ofNode(Observations.NodeBeat beat, Instant now) {
		NodeHeartbeat heartbeat = beat.heartbeat();
		@Nullable ComponentState state = bySilence(beat.at(), now);
		return new Observation(MonitoredKind.NODE.prefix() + heartbeat.nodeId(), MonitoredKind.NODE, state,
				silenceReason(state, beat.at(), now), false, beat.at(), heartbeat.address(), null,
				heartbeat.nodeId().value(), null, null, null, null, false);
	}

	private Observation ofInstance(InstanceStatusChanged status, @Nullable ComponentRecord known) {
		InstanceState reported = status.state();
		ComponentState state = switch (reported) {
			case HEALTHY -> ComponentState.UP;
			case UNHEALTHY -> ComponentState.SUSPECT;
			case PENDING, STARTING -> (known != null) ? ComponentState.SUSPECT : null;
			case FAILED, LOST, STOPPED -> ComponentState.DOWN;
		};
		String reason = reported + ((status.reason() != null) ? ": " + status.reason() : "");
		Instant at = (status.at() != null) ? status.at() : this.clock.instant();
		return new Observation(MonitoredKind.INSTANCE.prefix() + status.instanceId(), MonitoredKind.INSTANCE, state,
				reason, reported == InstanceState.STOPPED, at, null, status.pid(), status.nodeId().value(), null,
				status.deploymentId().value(), (status.app() != null) ? status.app().value() : null, status.service(),
				this.observations.everHealthy(status.instanceId().value()));
	}

	private Observation silent(ComponentRecord record, Instant now) {
		Instant last = record.lastSeen().isAfter(this.observations.since()) ? record.lastSeen()
				: this.observations.since().plus(this.properties.startupGrace()).minus(this.properties.downAfter());
		@Nullable ComponentState state = bySilence(last, now);
		return new Observation(record.id(), record.kind(), state, silenceReason(state, record.lastSeen(), now), false,
				record.lastSeen(), record.host(), record.pid(), record.nodeId(), record.replica(),
				record.deploymentId(), record.app(), record.service(), true);
	}

	private @Nullable ComponentState bySilence(Instant lastSeen, Instant now) {
		if (this.observations.sight().blind(now)) {
			return null; // silence says nothing while this replica hears no one
		}
		Instant from = lastSeen.isAfter(this.observations.since()) ? lastSeen : this.observations.since();
		Duration silence = this.observations.sight().silence(from, now);
		if (silence.compareTo(this.properties.downAfter()) >= 0) {
			return ComponentState.DOWN;
		}
		return (silence.compareTo(this.properties.suspectAfter()) >= 0) ? ComponentState.SUSPECT : ComponentState.UP;
	}

	private static String silenceReason(@Nullable ComponentState state, Instant lastSeen, Instant now) {
		return (state == null) ? "starting" : (state == ComponentState.UP) ? "heartbeats arrive"
				: "no heartbeat for " + Duration.between(lastSeen, now).toMillis() + " ms";
	}

}
