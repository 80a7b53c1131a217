package io.iotp.monitoring.component;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.instance.InstanceStatusChanged;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeUsage;
import io.iotp.starter.PlatformIdentity;

/**
 * The latest word from every source, as this replica heard it. Every replica listens (so
 * a standby that takes over knows as much as the leader did); only the leader acts on it.
 * Heartbeats are timed on arrival, so clocks of other hosts do not matter.
 */
@Component
public class Observations {

	private final Map<String, Beat> beats = new ConcurrentHashMap<>();

	/**
	 * The latest heartbeat of every replica that says where it answers, by replica; one
	 * started again at the same address replaces the one before it.
	 */
	private final Map<String, Beat> replicas = new ConcurrentHashMap<>();

	private volatile @Nullable String ownHost;

	private final Map<String, NodeBeat> nodes = new ConcurrentHashMap<>();

	private final Map<String, InstanceStatusChanged> instances = new ConcurrentHashMap<>();

	/**
	 * Instances reported HEALTHY at least once, even if a later report came before the
	 * detector looked.
	 */
	private final Set<String> everHealthy = ConcurrentHashMap.newKeySet();

	private final Clock clock;

	private final Instant since;

	private final String ownReplica;

	private final Sight sight;

	public Observations(Clock clock, PlatformIdentity identity, DetectorProperties properties) {
		this.clock = clock;
		this.since = clock.instant();
		this.ownReplica = identity.instanceId();
		this.sight = new Sight(properties.blindAfter());
	}

	/**
	 * When this replica began listening: silence is counted from here at the earliest.
	 */
	Instant since() {
		return this.since;
	}

	/** Whether this replica hears the platform, by its own heartbeat. */
	Sight sight() {
		return this.sight;
	}

	public void heartbeat(Heartbeat heartbeat) {
		Instant now = this.clock.instant();
		if (this.ownReplica.equals(heartbeat.instanceId())) {
			this.sight.echo(now);
			this.ownHost = host(heartbeat.url());
		}
		Beat beat = new Beat(heartbeat, now);
		this.beats.put(heartbeat.componentId(), beat);
		if (host(heartbeat.url()) != null) {
			this.replicas.values()
				.removeIf((other) -> Objects.equals(other.heartbeat().url(), heartbeat.url())
						&& !other.heartbeat().instanceId().equals(heartbeat.instanceId()));
			this.replicas.put(heartbeat.instanceId(), beat);
		}
	}

	/** Whether this replica cannot hear the platform now (see {@link Sight}). */
	public boolean blind(Instant now) {
		return this.sight.blind(now);
	}

	/** The host this replica answers at, once its own heartbeat came back. */
	public @Nullable String ownHost() {
		return this.ownHost;
	}

	/** The latest heartbeat of each replica that says where it answers. */
	public Collection<Beat> replicaBeats() {
		return this.replicas.values();
	}

	/**
	 * Whether a replica of the component other than the given one was heard from since
	 * the given time.
	 */
	public boolean otherReplicaHeard(String componentId, String instanceId, Instant since) {
		return this.replicas.values()
			.stream()
			.anyMatch((beat) -> beat.heartbeat().componentId().equals(componentId)
					&& !beat.heartbeat().instanceId().equals(instanceId) && !beat.at().isBefore(since)
					&& !beat.stopping());
	}

	public static @Nullable String host(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			return URI.create(url).getHost();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	void node(NodeHeartbeat heartbeat) {
		this.nodes.put(heartbeat.nodeId().value(), new NodeBeat(heartbeat, this.clock.instant()));
	}

	/** Keeps the newest report of each instance; a replayed older one changes nothing. */
	public void instance(InstanceStatusChanged status) {
		if (status.state() == InstanceState.HEALTHY) {
			this.everHealthy.add(status.instanceId().value());
		}
		this.instances.merge(status.instanceId().value(), status,
				(old, next) -> (next.at() != null && old.at() != null && next.at().isBefore(old.at())) ? old : next);
	}

	Collection<Beat> beats() {
		return this.beats.values();
	}

	Collection<NodeBeat> nodes() {
		return this.nodes.values();
	}

	boolean everHealthy(String instanceId) {
		return this.everHealthy.contains(instanceId);
	}

	Collection<InstanceStatusChanged> instances() {
		return this.instances.values();
	}

	/**
	 * Takes back a report this replica noted itself and could not publish, so the
	 * instance is declared again; a newer report stays.
	 */
	public void withdraw(InstanceStatusChanged noted, InstanceStatusChanged previous) {
		this.instances.replace(noted.instanceId().value(), noted, previous);
	}

	/** The last heartbeat of every node heard from. */
	public List<NodeHeartbeat> nodeHeartbeats() {
		return this.nodes.values().stream().map(NodeBeat::heartbeat).toList();
	}

	/** The instances last reported on the node in a state that is not final. */
	public List<InstanceStatusChanged> liveInstancesOn(String nodeId) {
		return this.instances.values()
			.stream()
			.filter(i -> i.nodeId().value().equals(nodeId) && !i.state().terminal())
			.toList();
	}

	/** A platform process's last heartbeat and when it arrived. */
	public record Beat(Heartbeat heartbeat, Instant at) {

		public boolean stopping() {
			return this.heartbeat.status() == HeartbeatStatus.STOPPING;
		}

	}

	/** A node's last heartbeat and when it arrived. */
	record NodeBeat(NodeHeartbeat heartbeat, Instant at) {

		NodeUsage usage() {
			return this.heartbeat.usage();
		}

		@Nullable Resources capacity() {
			return this.heartbeat.capacity();
		}

	}

	static boolean down(InstanceState state) {
		return state == InstanceState.FAILED || state == InstanceState.LOST || state == InstanceState.STOPPED;
	}

}
