package io.iotp.nodemanager.placement;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.node.NodeState;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.placement.BestNodeResponse;
import io.iotp.nodemanager.node.NodeRecord;
import io.iotp.nodemanager.node.NodeRegistry;
import io.iotp.nodemanager.node.NodeStatusPolicy;

/**
 * Chooses the least-loaded UP node that runs the service's runtime and has its resources
 * free, counting what running instances hold and what recent answers promised. Load after
 * placement decides, so instances spread instead of piling on the first node.
 */
@Service
class PlacementService {

	private static final Logger log = LoggerFactory.getLogger(PlacementService.class);

	private final NodeRegistry nodes;

	private final NodeStatusPolicy statusPolicy;

	private final ReservationTracker reservations;

	private final ProvisionalHolds holds;

	private final Clock clock;

	PlacementService(NodeRegistry nodes, NodeStatusPolicy statusPolicy, ReservationTracker reservations,
			ProvisionalHolds holds, Clock clock) {
		this.nodes = nodes;
		this.statusPolicy = statusPolicy;
		this.reservations = reservations;
		this.holds = holds;
		this.clock = clock;
	}

	BestNodeResponse bestNode(BestNodeRequest request) {
		Instant now = this.clock.instant();
		Map<String, Resources> held = heldByNode();
		List<NodeRecord> up = this.nodes.all()
			.stream()
			.filter(node -> this.statusPolicy.statusOf(node, now) == NodeState.UP)
			.filter(node -> request.excludeNodes().stream().noneMatch(excluded -> excluded.value().equals(node.id())))
			.toList();
		if (up.isEmpty()) {
			return BestNodeResponse.none(request.requestId(), request.deploymentId(), "no node is UP");
		}
		List<NodeRecord> withRuntime = up.stream().filter(node -> node.runtimes().contains(request.runtime())).toList();
		if (withRuntime.isEmpty()) {
			return BestNodeResponse.none(request.requestId(), request.deploymentId(),
					"no UP node runs the " + request.runtime().wireName() + " runtime");
		}
		if (request.containersOnly()) {
			withRuntime = withRuntime.stream().filter(node -> node.executionMode() == ExecutionMode.DOCKER).toList();
			if (withRuntime.isEmpty()) {
				return BestNodeResponse.none(request.requestId(), request.deploymentId(),
						"no UP node runs apps in containers, and developers' apps may not run as processes on this "
								+ "platform (iotp.deployer.developers-may-use-processes=false)");
			}
		}
		Optional<NodeRecord> best = withRuntime.stream()
			.filter(node -> free(node, held).fits(request.resources()))
			.min(Comparator.comparingDouble((NodeRecord node) -> loadAfter(node, held, request.resources()))
				.thenComparingInt(node -> node.usage().instances())
				.thenComparing(NodeRecord::id));
		if (best.isEmpty()) {
			return BestNodeResponse.none(request.requestId(), request.deploymentId(), "no node has "
					+ request.resources().cpu() + " cpu and " + request.resources().memoryMb() + " MB free");
		}
		NodeRecord node = best.get();
		this.holds.hold(request.requestId(), node.id(), request.deploymentId().value(), request.service(),
				request.resources());
		log.info("[deployment {}] {}/{} placed on node {}", request.deploymentId(), request.app(), request.service(),
				node.id());
		return BestNodeResponse.chosen(request.requestId(), request.deploymentId(), NodeId.of(node.id()),
				node.address());
	}

	private Map<String, Resources> heldByNode() {
		Map<String, Resources> held = new HashMap<>();
		this.reservations.all()
			.forEach(reservation -> held.merge(reservation.nodeId(),
					new Resources(reservation.cpu(), reservation.memoryMb()), PlacementService::plus));
		this.holds.current().forEach(hold -> held.merge(hold.nodeId(), hold.resources(), PlacementService::plus));
		return held;
	}

	private static Resources free(NodeRecord node, Map<String, Resources> held) {
		return node.capacity().minus(held.getOrDefault(node.id(), new Resources(0, 0)));
	}

	private static double loadAfter(NodeRecord node, Map<String, Resources> held, Resources wanted) {
		Resources holding = plus(held.getOrDefault(node.id(), new Resources(0, 0)), wanted);
		double cpu = (node.capacity().cpu() > 0) ? holding.cpu() / node.capacity().cpu() : 1;
		double memory = (node.capacity().memoryMb() > 0) ? (double) holding.memoryMb() / node.capacity().memoryMb() : 1;
		// What the node is actually doing counts too, at half weight: reservations are
		// only promises.
		return Math.max(cpu, memory) + node.usage().cpuPercent() / 200.0;
	}

	private static Resources plus(Resources a, Resources b) {
		return new Resources(a.cpu() + b.cpu(), a.memoryMb() + b.memoryMb());
	}

}
