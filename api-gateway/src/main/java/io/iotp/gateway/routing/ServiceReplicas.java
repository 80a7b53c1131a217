package io.iotp.gateway.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.gateway.GatewayProperties;

/**
 * The replicas of every platform service, from their heartbeats, and which one takes the
 * next call. Each gateway reads {@code heartbeat} from its end in a consumer group of its
 * own. A replica takes calls while it says {@code UP} and was heard from lately; one that
 * refused a connection is passed over until it is heard from again, so a replica killed
 * outright costs the calls in flight and no more.
 * <p>
 * When Kafka itself stalls, every replica falls silent at once: then the replicas last
 * heard {@code UP} still take calls (a silent replica is not yet a dead one), and with
 * none known at all the configured address of the service does ({@link ServiceTargets}).
 */
@Component
public class ServiceReplicas {

	private static final Logger log = LoggerFactory.getLogger(ServiceReplicas.class);

	private final Map<String, Service> services = new ConcurrentHashMap<>();

	private final ServiceTargets configured;

	private final Duration freshFor;

	private final Clock clock;

	ServiceReplicas(ServiceTargets configured, GatewayProperties properties, Clock clock) {
		this.configured = configured;
		this.freshFor = properties.replicaFreshFor();
		this.clock = clock;
	}

	@KafkaListener(topics = TopicNames.HEARTBEAT, groupId = "api-gateway-replicas-#{@platformIdentity.instanceId()}",
			properties = "auto.offset.reset=latest")
	void onHeartbeat(Envelope<Heartbeat> envelope) {
		heard(envelope.payload());
	}

	void heard(Heartbeat heartbeat) {
		if (heartbeat.url() == null || !this.configured.routes(heartbeat.componentId())) {
			return;
		}
		URI url;
		try {
			url = URI.create(heartbeat.url());
		}
		catch (IllegalArgumentException ex) {
			log.warn("heartbeat of {} gives an unusable url {}", heartbeat.instanceId(), heartbeat.url());
			return;
		}
		if (url.getHost() == null || !"http".equals(url.getScheme())) {
			log.warn("heartbeat of {} gives an unusable url {}", heartbeat.instanceId(), heartbeat.url());
			return;
		}
		this.services.computeIfAbsent(heartbeat.componentId(), Service::new)
			.heard(heartbeat.instanceId(), url, heartbeat.status(), this.clock.instant());
	}

	/**
	 * The replica that takes the service's next call: round robin over the ones that take
	 * calls, or the service's configured address when none does.
	 */
	public Target next(String service) {
		Service known = this.services.get(service);
		if (known != null) {
			Target target = known.next(this.clock.instant().minus(this.freshFor));
			if (target != null) {
				return target;
			}
		}
		return new Target(service, null, this.configured.of(service));
	}

	/**
	 * The replicas of a service as this gateway sees them, for status pages and tests.
	 */
	public List<ReplicaView> replicas(String service) {
		Service known = this.services.get(service);
		return (known != null) ? known.view(this.clock.instant().minus(this.freshFor)) : List.of();
	}

	/**
	 * Where one call goes.
	 *
	 * @param service the service
	 * @param replica the replica's instance id, or null for the configured address
	 * @param url its address
	 */
	public record Target(String service, @Nullable String replica, URI url) {

		/** Its port, 80 when the address gives none. */
		public int port() {
			return (this.url.getPort() > 0) ? this.url.getPort() : 80;
		}

	}

	/**
	 * One replica as seen here.
	 *
	 * @param instanceId the replica
	 * @param url where it answers
	 * @param status what it last said of itself
	 * @param lastHeard when
	 * @param takesCalls whether it is given calls now
	 */
	public record ReplicaView(String instanceId, URI url, HeartbeatStatus status, Instant lastHeard,
			boolean takesCalls) {
	}

	/** Tells the registry that a replica refused a connection. */
	public void refused(Target target) {
		if (target.replica() == null) {
			return;
		}
		Service known = this.services.get(target.service());
		if (known != null && known.refused(target.replica())) {
			log.warn("replica {} of {} at {} refused a connection: passed over until it is heard from again",
					target.replica(), target.service(), target.url());
		}
	}

	private static final class Service {

		private final String name;

		private final Map<String, Replica> replicas = new ConcurrentHashMap<>();

		/**
		 * The replicas by instance id, as of the latest heartbeat: every call reads this
		 * copy, so picking one neither locks nor allocates.
		 */
		private volatile Replica[] snapshot = new Replica[0];

		private final AtomicInteger turn = new AtomicInteger();

		Service(String name) {
			this.name = name;
		}

		void heard(String instanceId, URI url, HeartbeatStatus status, Instant now) {
			Replica before = this.replicas.put(instanceId, new Replica(instanceId, url, status, now, false));
			if (before == null || before.status != status) {
				log.info("replica {} of {} at {} is {}", instanceId, this.name, url, status);
			}
			// a replica started again at the same address replaces the one before it
			this.replicas.values().removeIf((other) -> !other.instanceId.equals(instanceId) && other.url.equals(url));
			takeSnapshot();
		}

		private synchronized void takeSnapshot() {
			this.snapshot = this.replicas.values()
				.stream()
				.sorted(Comparator.comparing(Replica::instanceId))
				.toArray(Replica[]::new);
		}

		boolean refused(String instanceId) {
			Replica replica = this.replicas.get(instanceId);
			if (replica == null || replica.refused) {
				return false;
			}
			boolean replaced = this.replicas.replace(instanceId, replica, replica.refusedNow());
			takeSnapshot();
			return replaced;
		}

		/**
		 * Round robin over the replicas that take calls: those that said UP, refused
		 * nothing since, and were heard from since {@code freshSince}; when none was,
		 * those that said UP at all.
		 */
		@Nullable Target next(Instant freshSince) {
			Replica[] all = this.snapshot;
			int fresh = 0;
			int up = 0;
			for (Replica replica : all) {
				if (replica.takesCalls()) {
					up++;
					if (!replica.lastHeard.isBefore(freshSince)) {
						fresh++;
					}
				}
			}
			boolean freshOnly = fresh > 0;
			int candidates = freshOnly ? fresh : up;
			if (candidates == 0) {
				return null;
			}
			int chosen = Math.floorMod(this.turn.getAndIncrement(), candidates);
			for (Replica replica : all) {
				if (replica.takesCalls() && (!freshOnly || !replica.lastHeard.isBefore(freshSince)) && chosen-- == 0) {
					return new Target(this.name, replica.instanceId, replica.url);
				}
			}
			return null;
		}

		List<ReplicaView> view(Instant freshSince) {
			return this.replicas.values()
				.stream()
				.sorted(Comparator.comparing(Replica::instanceId))
				.map((replica) -> new ReplicaView(replica.instanceId, replica.url, replica.status, replica.lastHeard,
						replica.takesCalls() && !replica.lastHeard.isBefore(freshSince)))
				.toList();
		}

	}

	private record Replica(String instanceId, URI url, HeartbeatStatus status, Instant lastHeard, boolean refused) {

		boolean takesCalls() {
			return this.status == HeartbeatStatus.UP && !this.refused;
		}

		Replica refusedNow() {
			return new Replica(this.instanceId, this.url, this.status, this.lastHeard, true);
		}

	}

}
