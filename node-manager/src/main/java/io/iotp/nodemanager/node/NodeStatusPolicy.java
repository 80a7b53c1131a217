package io.iotp.nodemanager.node;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.iotp.contracts.node.NodeState;
import io.iotp.nodemanager.NodeManagerProperties;

/**
 * A node's status now: silence makes it SUSPECT then DOWN; otherwise an admin's choice
 * wins over the agent's.
 */
@Component
public class NodeStatusPolicy {

	private final NodeManagerProperties properties;

	NodeStatusPolicy(NodeManagerProperties properties) {
		this.properties = properties;
	}

	public NodeState statusOf(NodeRecord node, Instant now) {
		Duration silence = Duration.between(node.lastSeen(), now);
		if (silence.compareTo(this.properties.downAfter()) > 0) {
			return NodeState.DOWN;
		}
		if (silence.compareTo(this.properties.suspectAfter()) > 0) {
			return NodeState.SUSPECT;
		}
		return (node.adminStatus() != null) ? node.adminStatus() : node.reportedStatus();
	}

}
