package io.iotp.contracts.node;

import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.messaging.Message;

/** What travels on {@code node-commands}, keyed by node id: work for one node's agent. */
public sealed interface NodeCommand extends Message permits StartInstance, StopInstance {

	/** The node whose agent must act; the partition key. */
	NodeId nodeId();

	/** The instance concerned. */
	InstanceId instanceId();

}
