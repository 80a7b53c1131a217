package io.iotp.nodemanager.node;

import java.time.Clock;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

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
		return this.registry.all().stream().map(node -> NodeView.of(node, this.statusPolicy.statusOf(node, this.clock.instant()))).toList();
	}

	@GetMapping("/{id}")
	NodeView get(@PathVariable String id) {
		return this.registry.find(id)
			.map(node -> NodeView.of(node, this.statusPolicy.statusOf(node, this.clock.instant())))
			.orElseThrow(() -> new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "no node '" + id + "'"));
	}

}
