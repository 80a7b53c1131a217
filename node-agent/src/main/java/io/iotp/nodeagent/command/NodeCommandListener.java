package io.iotp.nodeagent.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.node.NodeCommand;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.node.StopInstance;
import io.iotp.nodeagent.instance.InstanceSupervisor;
import io.iotp.nodeagent.node.NodeProperties;

/**
 * Reads {@code node-commands}. Every agent is a consumer group of its own
 * ({@code node-agent-<nodeId>}), so each reads every command and acts on those for its
 * node. Commands are handed to the supervisor, which answers at once and does the work on
 * threads of its own: a slow start never delays a stop.
 */
@Component
class NodeCommandListener {

	private static final Logger log = LoggerFactory.getLogger(NodeCommandListener.class);

	private final InstanceSupervisor supervisor;

	private final NodeProperties properties;

	NodeCommandListener(InstanceSupervisor supervisor, NodeProperties properties) {
		this.supervisor = supervisor;
		this.properties = properties;
	}

	@KafkaListener(topics = TopicNames.NODE_COMMANDS, groupId = "node-agent-${iotp.node.id:local-1}")
	void on(Envelope<NodeCommand> envelope) {
		NodeCommand command = envelope.payload();
		if (!command.nodeId().equals(this.properties.nodeId())) {
			return;
		}
		try (MDC.MDCCloseable instance = MDC.putCloseable("instanceId", command.instanceId().value());
				MDC.MDCCloseable node = MDC.putCloseable("nodeId", this.properties.id())) {
			switch (command) {
				case StartInstance start -> this.supervisor.startInstance(start, envelope.time());
				case StopInstance stop -> this.supervisor.stopInstance(stop);
			}
		}
		catch (RuntimeException ex) {
			// a command that cannot be handled must not block the ones behind it
			log.error("command {} for instance {} failed: {}", envelope.type(), command.instanceId(), ex.toString(),
					ex);
		}
	}

}
