package io.iotp.nodeagent.node;

import java.util.List;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.ExecutionMode;

/** What the node heartbeat needs to know of the instances the agent runs. */
public interface InstanceInventory {

	/** The instances the agent runs now, or is about to start. */
	List<InstanceId> instanceIds();

	/** Resident memory used by all instance processes (and what they started), MiB. */
	long memoryMb();

	/** How new instances run on this node. */
	ExecutionMode executionMode();

}
