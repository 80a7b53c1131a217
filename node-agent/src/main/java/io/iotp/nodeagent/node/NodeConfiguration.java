package io.iotp.nodeagent.node;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.starter.MessagePublisher;
import io.iotp.starter.PlatformIdentity;

/** The node: its configuration, runtimes and heartbeat. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
class NodeConfiguration {

	@Bean
	Runtimes runtimes(NodeProperties properties) {
		return new Runtimes(properties);
	}

	@Bean
	NodeHeartbeatPublisher nodeHeartbeatPublisher(MessagePublisher publisher, NodeProperties properties,
			Runtimes runtimes, InstanceInventory instances, PlatformIdentity identity) {
		return new NodeHeartbeatPublisher(publisher, properties, runtimes, instances, identity);
	}

}
