package io.iotp.nodeagent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.iotp.contracts.ids.NodeId;

/**
 * Starts node agents in this JVM, configured as the bootstrapper would, with short
 * intervals for tests.
 */
final class Agents {

	private Agents() {
	}

	/** The properties of a test agent, as command-line arguments would give them. */
	static Map<String, String> properties(String bootstrapServers, NodeId node, Path workDir, Path blobDir) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", "node-agent");
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("iotp.platform.kind", "NODE_AGENT");
		properties.put("iotp.platform.ship-logs", "false");
		properties.put("iotp.blob-store.dir", blobDir.toString());
		properties.put("iotp.node.id", node.value());
		properties.put("iotp.node.work-dir", workDir.toString());
		properties.put("iotp.node.port-range", "23000-23999");
		properties.put("iotp.node.heartbeat-interval", "300ms");
		properties.put("iotp.node.health-check-interval", "200ms");
		properties.put("iotp.node.log-poll-interval", "100ms");
		properties.put("iotp.node.restart-budget", "2");
		properties.put("iotp.node.restart-backoff.initial", "100ms");
		properties.put("iotp.node.restart-backoff.max", "400ms");
		properties.put("iotp.node.stop-grace", "5s");
		return properties;
	}

	static ConfigurableApplicationContext start(Map<String, String> properties) {
		return new SpringApplicationBuilder(NodeAgentApplication.class).run(arguments(properties));
	}

	static String[] arguments(Map<String, String> properties) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

}
