package io.iotp.nodemanager.node;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.node.NodeState;

@RestController
@RequestMapping("/api/nodes")
class NodeController {

	private final NodeRegistry registry;

	private final NodeStatusPolicy statusPolicy;

	private final Clock clock;

	NodeController(NodeRegistry registry, NodeStatusPolicy statusPolicy, Clock clock) {
		this.registry = registry;
		this.statusPolicy = statusPolicy;
		this.clock = clock;
	}

	@GetMapping
	List<NodeView> list() {
		return this.registry.all()
			.stream()
			.map(node -> NodeView.of(node, this.statusPolicy.statusOf(node, this.clock.instant())))
			.toList();
	}

	@GetMapping("/{id}")
	NodeView get(@PathVariable String id) {
		return this.registry.find(id)
			.map(node -> NodeView.of(node, this.statusPolicy.statusOf(node, this.clock.instant())))
			.orElseThrow(() -> notFound(id));
	}

	/**
	 * Drain a node or take it into maintenance (no new instances are placed on it; those
	 * running stay), or give it back ({@code UP}).
	 */
	@PutMapping("/{id}/status")
	NodeView setStatus(@PathVariable String id, @RequestBody StatusChange change) {
		NodeState wanted = change.settable();
		if (!this.registry.setAdminStatus(id, (wanted == NodeState.UP) ? null : wanted)) {
			throw notFound(id);
		}
		return get(id);
	}

	/**
	 * Forgets a node that is DOWN; one still reporting would only come back, so that is a
	 * 409.
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> remove(@PathVariable String id) {
		NodeView node = get(id);
		if (node.status() != NodeState.DOWN) {
			throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "node '" + id + "' is " + node.status()
					+ "; stop its agent first (drain it to keep new instances off it)");
		}
		this.registry.remove(id);
		return ResponseEntity.noContent().build();
	}

	private static PlatformException notFound(String id) {
		return new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "no node '" + id + "'");
	}

	/**
	 * The body of a status change.
	 *
	 * @param status {@code DRAINING}, {@code MAINTENANCE} or {@code UP}
	 */
	record StatusChange(@Nullable String status) {

		private static final List<String> SETTABLE = List.of("DRAINING", "MAINTENANCE", "UP");

		NodeState settable() {
			if (this.status == null || !SETTABLE.contains(this.status)) {
				throw new PlatformException(ErrorCodes.REQUEST_VALIDATION,
						"status must be one of " + SETTABLE + ", got "
								+ ((this.status == null) ? "nothing" : "'" + this.status + "'"),
						List.of(new FieldError("/status", "one of " + SETTABLE)));
			}
			return NodeState.valueOf(this.status);
		}

	}

}
