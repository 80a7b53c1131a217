package io.iotp.nodeagent.instance;

import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.logs.InstanceOutput;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.state.InstanceRecord;
import io.iotp.nodeagent.state.InstanceStateStore;

/**
 * Takes over, when the agent starts, the instances a previous agent left. An instance
 * whose run is still there (same pid, same start time) is re-adopted: reported again in
 * its state, its health checks, restarts and log shipping resume from its record, as if
 * this agent had started it. Any other is reported {@code STOPPED}, after its last output
 * is shipped.
 */
final class Readoption {

	private static final Logger log = LoggerFactory.getLogger(Readoption.class);

	private final NodeProperties properties;

	private final InstanceStateStore store;

	private final InstanceFolders folders;

	private final KnownInstances known;

	private final RuntimeChoice runtimes;

	private final InstanceRuns runs;

	private final InstanceTransitions transitions;

	private final AppLogs appLogs;

	private final PortAllocator ports;

	Readoption(NodeProperties properties, InstanceStateStore store, InstanceFolders folders, KnownInstances known,
			RuntimeChoice runtimes, InstanceRuns runs, InstanceTransitions transitions, AppLogs appLogs,
			PortAllocator ports) {
		this.properties = properties;
		this.store = store;
		this.folders = folders;
		this.known = known;
		this.runtimes = runtimes;
		this.runs = runs;
		this.transitions = transitions;
		this.appLogs = appLogs;
		this.ports = ports;
	}

	/** Re-adopts or ends the instance of every record in the work folder. */
	void readoptAll() {
		for (InstanceRecord record : this.store.load()) {
			InstanceId id = record.start().instanceId();
			if (!InstanceFolders.valid(record.start())) {
				log.warn("record of instance {} has unsafe ids; ignored", id);
				this.store.delete(id);
				continue;
			}
			if (!record.start().nodeId().equals(this.properties.nodeId())) {
				log.warn("record of instance {} belongs to node {}, not {}; ignored", id, record.start().nodeId(),
						this.properties.id());
				this.store.delete(id);
				continue;
			}
			ManagedInstance instance = this.folders.newInstance(record.start(),
					this.runtimes.forRecord(record.executionMode()));
			instance.state = record.state();
			instance.restarts = record.restarts();
			instance.commandLine = record.commandLine();
			instance.port = record.port();
			instance.pid = record.pid();
			instance.processStart = record.processStart();
			InstanceOutput.Offsets offsets = new InstanceOutput.Offsets(record.stdoutOffset(), record.stderrOffset());
			InstanceRuntime.RunKey key = new InstanceRuntime.RunKey(id, record.pid(), record.processStart());
			boolean findable = record.pid() > 0 && this.runtimes.runs(record.executionMode());
			Optional<InstanceRuntime.Run> run = findable ? instance.runtime.find(key) : Optional.empty();
			if (run.isPresent() && !record.state().terminal()) {
				adopt(instance, run.get(), offsets);
			}
			else {
				if (findable) {
					instance.runtime.killLeftovers(key);
				}
				forget(instance, offsets, (record.pid() > 0) ? "its process ended while the node agent was down"
						: "the node agent restarted before the instance was started");
			}
		}
		this.runtimes.removeStrays(Set.copyOf(this.known.ids()));
	}

	private void adopt(ManagedInstance instance, InstanceRuntime.Run run, InstanceOutput.Offsets offsets) {
		instance.output = this.appLogs.open(instance.logDir, instance.context, offsets, instance.probedPath());
		this.known.put(instance);
		synchronized (instance) {
			this.ports.hold(instance.port);
			long generation = instance.attach(run, instance.port);
			this.transitions.report(instance, instance.state, null, "re-adopted by the agent after its restart");
			this.runs.watch(instance, run, generation);
		}
	}

	/** Ends an instance whose run is gone: ships its last output, reports it. */
	private void forget(ManagedInstance instance, InstanceOutput.Offsets offsets, String reason) {
		instance.output = this.appLogs.open(instance.logDir, instance.context, offsets, instance.probedPath());
		this.known.put(instance);
		this.transitions.finish(instance, InstanceState.STOPPED, null, reason);
	}

}
