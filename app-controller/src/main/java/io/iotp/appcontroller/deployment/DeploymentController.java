package io.iotp.appcontroller.deployment;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.starter.security.Callers;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/apps/{id}/deployments} and {@code /api/deployments} (SPEC §6). */
@RestController
class DeploymentController {

	private final DeploymentService deployments;

	private final Callers callers;

	DeploymentController(DeploymentService deployments, Callers callers) {
		this.deployments = deployments;
		this.callers = callers;
	}

	/**
	 * 202: accepted and scheduled; what happens next is in {@code GET
	 * /api/deployments/{id}}.
	 */
	@PostMapping("/api/apps/{appId}/deployments")
	ResponseEntity<DeploymentViews.Accepted> create(@PathVariable String appId,
			@RequestBody(required = false) @Nullable JsonNode body) {
		DeploymentDocument deployment = this.deployments.create(this.callers.current(), appId, body);
		return ResponseEntity.accepted()
			.location(URI.create("/api/deployments/" + deployment.id()))
			.body(DeploymentViews.Accepted.of(deployment));
	}

	@GetMapping("/api/deployments")
	List<DeploymentViews.Deployment> list(@RequestParam(required = false) @Nullable String appId) {
		return this.deployments.list(this.callers.current(), appId)
			.stream()
			.map(DeploymentViews.Deployment::of)
			.toList();
	}

	@GetMapping("/api/deployments/{id}")
	DeploymentViews.Deployment get(@PathVariable String id) {
		return DeploymentViews.Deployment.of(this.deployments.get(this.callers.current(), id));
	}

	/**
	 * 202 with the state after the request: {@code CANCELLED} if it had not started,
	 * {@code STOPPING} while the deployer stops its instances; a deployment already
	 * stopping or finished is answered as it is, so a retried DELETE is harmless.
	 */
	@DeleteMapping("/api/deployments/{id}")
	ResponseEntity<DeploymentViews.Accepted> stop(@PathVariable String id) {
		return ResponseEntity.accepted()
			.body(DeploymentViews.Accepted.of(this.deployments.stop(this.callers.current(), id)));
	}

}
