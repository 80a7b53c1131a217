package io.iotp.nodeagent.instance;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;

/**
 * The instances of this node: those it runs (or is about to start), and those that ended
 * here lately.
 */
final class KnownInstances {

	private final Map<InstanceId, ManagedInstance> live = new ConcurrentHashMap<>();

	private final EndedInstances ended = new EndedInstances();

	/** Whether the instance runs here, or ended here lately. */
	boolean contains(InstanceId id) {
		return this.live.containsKey(id) || this.ended.contains(id);
	}

	/**
	 * @return false when an instance of the same id runs already
	 */
	boolean add(ManagedInstance instance) {
		return this.live.putIfAbsent(instance.id(), instance) == null;
	}

	/** Adds an instance a previous agent started. */
	void put(ManagedInstance instance) {
		this.live.put(instance.id(), instance);
	}

	@Nullable ManagedInstance get(InstanceId id) {
		return this.live.get(id);
	}

	/** The instances running, a live view. */
	Collection<ManagedInstance> live() {
		return this.live.values();
	}

	List<InstanceId> ids() {
		return List.copyOf(this.live.keySet());
	}

	/** Moves an instance from the live ones to the ended ones. */
	void end(ManagedInstance instance) {
		this.ended.remember(instance.spec);
		this.live.remove(instance.id(), instance);
	}

	/**
	 * What is known of an instance that does not run here; placeholders when it never
	 * did.
	 */
	EndedInstances.Ended ended(InstanceId id) {
		return this.ended.get(id);
	}

}
