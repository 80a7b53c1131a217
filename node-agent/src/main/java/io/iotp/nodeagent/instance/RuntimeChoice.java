package io.iotp.nodeagent.instance;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;

/**
 * Which runtime runs an instance: containers when this node runs apps in containers,
 * processes otherwise. A re-adopted instance stays with the runtime that started it.
 */
final class RuntimeChoice {

	/** Set by the deployer for services with {@code kafka} delivery (SPEC §3). */
	private static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";

	private final InstanceRuntime processes;

	private final @Nullable DockerRuntime containers;

	/**
	 * @param containers the container runtime, when this node runs apps in containers
	 */
	RuntimeChoice(InstanceRuntime processes, @Nullable DockerRuntime containers) {
		this.processes = processes;
		this.containers = containers;
	}

	/**
	 * The runtime of a new instance. A service with {@code kafka} delivery runs as a
	 * process where the agent knows no broker listener for apps: a container reaches no
	 * other platform port but the gateway's.
	 */
	InstanceRuntime forStart(StartInstance command) {
		DockerRuntime docker = this.containers;
		if (docker == null) {
			return this.processes;
		}
		boolean readsKafka = command.env().containsKey(KAFKA_BOOTSTRAP);
		return (!readsKafka || docker.reachesKafka()) ? docker : this.processes;
	}

	/**
	 * The runtime that started an instance a previous agent left; see
	 * {@link #runs(ExecutionMode)} before asking it for the instance's run.
	 */
	InstanceRuntime forRecord(ExecutionMode mode) {
		return (mode == ExecutionMode.DOCKER && this.containers != null) ? this.containers : this.processes;
	}

	/** Whether this agent has the runtime {@code mode}, and can find its runs. */
	boolean runs(ExecutionMode mode) {
		return mode == ExecutionMode.PROCESS || this.containers != null;
	}

	/** How this node runs new instances, for its heartbeats. */
	ExecutionMode mode() {
		return (this.containers != null) ? ExecutionMode.DOCKER : ExecutionMode.PROCESS;
	}

	/** Every runtime this node has. */
	List<ExecutionMode> modes() {
		return (this.containers != null) ? List.of(ExecutionMode.PROCESS, ExecutionMode.DOCKER)
				: List.of(ExecutionMode.PROCESS);
	}

	void removeStrays(Set<InstanceId> known) {
		if (this.containers != null) {
			this.containers.removeStrays(known);
		}
	}

	void close() {
		if (this.containers != null) {
			this.containers.close();
		}
	}

}
