package io.iotp.monitoring.recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.monitoring.component.DetectorProperties;
import io.iotp.monitoring.component.Observations;

/**
 * Brings back the replicas of this monitoring replica's own node that died while other
 * replicas of theirs live on other nodes. Those keep their component UP, so the failure
 * detector never sees it down and {@link PlatformRestarter} never restarts it; every
 * monitoring replica therefore watches the replicas that answer at its own address and
 * runs the restart command (which starts what is missing on this node) once one of them
 * has been silent for {@code down-after}. Nothing is judged while this replica cannot
 * hear the platform, and a component with no other replica alive is left to the detector.
 */
@Component
class OwnNodeReplicas {

	private static final Logger log = LoggerFactory.getLogger(OwnNodeReplicas.class);

	private final Observations observations;

	private final PlatformRestarter restarter;

	private final DetectorProperties properties;

	private final Clock clock;

	OwnNodeReplicas(Observations observations, PlatformRestarter restarter, DetectorProperties properties,
			Clock clock) {
		this.observations = observations;
		this.restarter = restarter;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${iotp.monitoring.own-node-check-interval:1s}")
	void check() {
		Instant now = this.clock.instant();
		String ownHost = this.observations.ownHost();
		if (ownHost == null || this.observations.blind(now)) {
			return;
		}
		List<String> dead = this.observations.replicaBeats()
			.stream()
			.filter((beat) -> ownHost.equals(hostOf(beat.heartbeat())) && !beat.stopping()
					&& beat.heartbeat().kind() == ComponentKind.SERVICE
					&& beat.at().isBefore(now.minus(this.properties.downAfter()))
					&& this.observations.otherReplicaHeard(beat.heartbeat().componentId(),
							beat.heartbeat().instanceId(), now.minus(this.properties.suspectAfter())))
			.map((beat) -> beat.heartbeat().componentId() + " (replica " + beat.heartbeat().instanceId() + ")")
			.sorted()
			.toList();
		if (dead.isEmpty()) {
			this.restarter.ownNodeWhole();
			return;
		}
		log.debug("replicas of this node silent while others live: {}", dead);
		this.restarter.restartOwnNode(dead);
	}

	private static String hostOf(Heartbeat heartbeat) {
		return Objects.requireNonNullElse(Observations.host(heartbeat.url()), "");
	}

}
