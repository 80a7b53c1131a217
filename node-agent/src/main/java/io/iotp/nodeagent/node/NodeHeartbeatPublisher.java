package io.iotp.nodeagent.node;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.sun.management.OperatingSystemMXBean;

import io.iotp.contracts.Topics;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.NodeHeartbeat;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.NodeUsage;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.PlatformIdentity;

/**
 * Sends the node's heartbeat on {@code node-heartbeat}, keyed by node id, at a fixed
 * interval on a thread of its own: registration (address, labels, capacity, runtimes) and
 * live usage in one, so node-manager learns of a node just by hearing from it. The last
 * one, on shutdown, says {@code DRAINING}.
 */
public class NodeHeartbeatPublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NodeHeartbeatPublisher.class);

	private final MessagePublisher publisher;

	private final NodeProperties properties;

	private final Runtimes runtimes;

	private final InstanceInventory instances;

	private final PlatformIdentity identity;

	private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

	private @Nullable ScheduledExecutorService executor;

	public NodeHeartbeatPublisher(MessagePublisher publisher, NodeProperties properties, Runtimes runtimes,
			InstanceInventory instances, PlatformIdentity identity) {
		this.publisher = publisher;
		this.properties = properties;
		this.runtimes = runtimes;
		this.instances = instances;
		this.identity = identity;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("iotp-node-heartbeat").daemon(true).factory());
		long every = this.properties.heartbeatInterval().toMillis();
		this.executor.scheduleAtFixedRate(() -> send(NodeState.UP), 0, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor == null) {
			return;
		}
		this.executor.shutdownNow();
		this.executor = null;
		send(NodeState.DRAINING);
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** After the instances are known, before they are stopped or handed over. */
	@Override
	public int getPhase() {
		return 10;
	}

	/** The heartbeat as it would be sent now. */
	public NodeHeartbeat heartbeat(NodeState state) {
		List<InstanceId> ids = this.instances.instanceIds();
		NodeUsage usage = new NodeUsage(cpuPercent(), this.instances.memoryMb(), ids.size());
		return new NodeHeartbeat(this.properties.nodeId(), this.properties.address(), this.properties.labels(),
				this.properties.capacity().resources(), usage, this.runtimes.available(),
				this.instances.executionMode(), state, ids, this.identity.version(), this.identity.startedAt());
	}

	private void send(NodeState state) {
		try {
			this.publisher.publish(Topics.NODE_HEARTBEAT, heartbeat(state)).whenComplete((result, failure) -> {
				if (failure != null) {
					log.debug("node heartbeat not delivered: {}", failure.toString());
				}
			});
		}
		catch (RuntimeException ex) {
			// a missed beat is what the receiver watches for; the next one is a second
			// away
			log.debug("node heartbeat not sent: {}", ex.toString());
		}
	}

	private double cpuPercent() {
		double load = this.os.getCpuLoad();
		return (load < 0) ? 0 : Math.round(load * 1000) / 10.0;
	}

}
