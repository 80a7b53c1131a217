package io.iotp.sensormanager.binding;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.ids.SensorId;

/**
 * Binds, refills and ends bindings, keeping the index in step with the store. Every step
 * is an idempotent single-document write, so redelivered requests and events are
 * harmless.
 */
@Component
class BindingService {

	private static final Logger log = LoggerFactory.getLogger(BindingService.class);

	private final SensorDirectory sensors;

	private final BindingStore store;

	private final TopicProvisioner topics;

	private final BindingIndex index;

	private final BindingProperties properties;

	private final Clock clock;

	private final EndedDeployments ends;

	private final AppTokens tokens;

	BindingService(SensorDirectory sensors, BindingStore store, TopicProvisioner topics, BindingIndex index,
			BindingProperties properties, ObjectProvider<Clock> clock, EndedDeployments ends, AppTokens tokens) {
		this.sensors = sensors;
		this.store = store;
		this.ends = ends;
		this.tokens = tokens;
		this.topics = topics;
		this.index = index;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Resolves, stores and indexes the binding of a deployment; an active binding is
	 * answered again as it is. A request sent before the deployment's latest end (a slow
	 * bind racing a failure, a redelivery) is refused, and so is one whose end arrives
	 * while it is being stored.
	 * @param requestedAt when the deployer sent the request (the envelope's time)
	 */
	SensorBindingResponse bind(SensorBindingRequest request, Instant requestedAt) {
		String id = request.deploymentId().value();
		Optional<BindingDocument> existing = this.store.find(id);
		if (existing.isPresent() && existing.get().state() == BindingState.ACTIVE) {
			log.info("[deployment {}] binding requested again: answered with the active one", id);
			return SensorBindingResponse.bound(request.requestId(), request.deploymentId(),
					existing.get().serviceBindings(), this.tokens.issue(existing.get()));
		}
		Optional<Instant> ended = endedSince(id, requestedAt,
				existing.map(BindingDocument::endedAt).filter((at) -> !at.isBefore(requestedAt)));
		if (ended.isPresent()) {
			return tooLate(request, requestedAt, ended.get());
		}
		Set<String> types = new LinkedHashSet<>();
		request.requirements().forEach((requirement) -> types.add(requirement.type()));
		Set<String> ids = new LinkedHashSet<>();
		request.sensorBindings().values().forEach((list) -> list.stream().map(SensorId::value).forEach(ids::add));
		BindingResolver.Resolution resolution = BindingResolver.resolve(request,
				this.sensors.candidates(request.owner(), types, ids),
				existing.map(BindingDocument::groups).orElse(List.of()));
		if (!resolution.bound()) {
			String reason = String.join("; ", resolution.problems());
			log.warn("[deployment {}] sensors of {} not bound: {}", id, request.app(), reason);
			return SensorBindingResponse.notBound(request.requestId(), request.deploymentId(), reason);
		}
		Instant now = this.clock.instant();
		BindingDocument draft = new BindingDocument(id, request.app().value(), request.owner(), BindingState.ACTIVE,
				now, null, null, resolution.groups(), request.deliveries(), List.of(), requestedAt);
		List<BindingDocument.StartOffset> offsets = this.topics.ensure(draft.fedTopics());
		Optional<BindingDocument> stored = this.store
			.saveUnlessEnded(new BindingDocument(id, draft.app(), draft.owner(), draft.state(), now, null, null,
					draft.groups(), draft.deliveries(), offsets, requestedAt));
		// An end consumed while this was being stored found nothing to end (or came
		// first): end it here.
		Optional<Instant> endedMeanwhile = endedSince(id, requestedAt, Optional.empty());
		if (stored.isEmpty() || endedMeanwhile.isPresent()) {
			Instant at = endedMeanwhile
				.orElseGet(() -> this.store.find(id).map(BindingDocument::endedAt).orElse(requestedAt));
			if (stored.isPresent() && this.store.end(id, at, "deployment ended while its sensors were bound")) {
				reindex();
			}
			return tooLate(request, requestedAt, at);
		}
		BindingDocument binding = stored.get();
		reindex();
		binding.sensorsByService()
			.forEach((service, bound) -> log.info("[deployment {}] {}/{} bound to {} sensor(s) by {}: {}", id,
					request.app(), service, bound.size(), binding.delivery(service).wireName(),
					bound.stream().map(SensorRecord::id).toList()));
		return SensorBindingResponse.bound(request.requestId(), request.deploymentId(), binding.serviceBindings(),
				this.tokens.issue(binding));
	}

	/** The deployment's latest end, if it was at or after {@code requestedAt}. */
	private Optional<Instant> endedSince(String id, Instant requestedAt, Optional<Instant> known) {
		if (known.isPresent()) {
			return known;
		}
		return this.ends.endedAt(id).filter((at) -> !at.isBefore(requestedAt));
	}

	private static SensorBindingResponse tooLate(SensorBindingRequest request, Instant requestedAt, Instant endedAt) {
		String reason = "deployment " + request.deploymentId() + " ended at " + endedAt
				+ ", after this binding request was sent (" + requestedAt + "): nothing is bound";
		log.warn("[deployment {}] sensors of {} not bound: {}", request.deploymentId(), request.app(), reason);
		return SensorBindingResponse.notBound(request.requestId(), request.deploymentId(), reason);
	}

	/**
	 * Ends the deployment's binding (no-op when there is none, or it is over already).
	 * The end is remembered first, so a binding request sent before it and answered after
	 * it is refused.
	 */
	void end(String deploymentId, Instant at, String reason) {
		this.ends.record(deploymentId, at, reason);
		if (this.store.end(deploymentId, at, reason)) {
			log.info("[deployment {}] binding ended: {}", deploymentId, reason);
			reindex();
		}
	}

	/**
	 * Lets new matching sensors join active bindings with room (and drops sensors that no
	 * longer match), then reloads the index so changes made by other replicas show too.
	 */
	void refresh() {
		for (BindingDocument binding : this.store.active()) {
			if (binding.groups().stream().allMatch(SensorGroup::explicit)) {
				continue;
			}
			Set<String> types = new LinkedHashSet<>();
			binding.groups().stream().filter((group) -> !group.explicit()).forEach((group) -> types.add(group.type()));
			List<SensorGroup> refilled = BindingResolver.refill(binding.groups(), binding.owner(),
					this.sensors.ownedBy(binding.owner(), types));
			if (!refilled.equals(binding.groups()) && this.store.replaceGroups(binding.withGroups(refilled))) {
				log.info("[deployment {}] sensors of {} changed: {}", binding.id(), binding.app(),
						ids(binding.withGroups(refilled)));
			}
		}
		reindex();
	}

	private static java.util.Map<String, List<String>> ids(BindingDocument binding) {
		java.util.Map<String, List<String>> ids = new java.util.LinkedHashMap<>();
		binding.sensorsByService()
			.forEach((service, sensors) -> ids.put(service, sensors.stream().map(SensorRecord::id).toList()));
		return ids;
	}

	private void reindex() {
		this.index.rebuild(this.store.routing(this.clock.instant().minus(this.properties.endedRetention())));
	}

}
