package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What runs on this machine and where the rest is: the whole platform on 127.0.0.1 for
 * one machine, or one node's share of a fleet, as the fleet's bootstrapper writes it
 * there (a node plan).
 *
 * @param nodeId the node id its agent reports
 * @param bindAddress the address everything here listens on
 * @param infraAddress where Kafka, the document store and the directory listen
 * @param servicesAddress where the platform services and the gateway listen
 * @param infra whether the infrastructure runs here
 * @param services whether the platform services run here
 * @param apps whether a node agent runs developers' apps here
 * @param labels the node agent's labels, for placement
 * @param cpu the CPUs its app instances may use, or 0 for the machine's
 * @param memoryMb the memory its app instances may use, or 0 for the agent's default
 * @param mongoUri an external MongoDB the fleet uses instead of the embedded store, or
 * null (it may hold a password: the plan is for its owner's eyes only)
 * @param brokers the addresses of every Kafka broker, in broker id order (a broker runs
 * on every node with the role infra)
 */
public record NodePlacement(String nodeId, String bindAddress, String infraAddress, String servicesAddress,
		boolean infra, boolean services, boolean apps, Map<String, String> labels, double cpu, long memoryMb,
		@Nullable String mongoUri, List<String> brokers) {

	public static final String LOOPBACK = "127.0.0.1";

	private static final String LABEL = "label.";

	/** Brokers that are also controllers, the KRaft quorum: the first three. */
	public static final int QUORUM = 3;

	public NodePlacement {
		labels = Map.copyOf(labels);
		brokers = List.copyOf(brokers);
	}

	/** This node's broker id (1, 2, …), or 0 when no broker runs here. */
	public int brokerId() {
		return this.brokers.indexOf(this.bindAddress) + 1;
	}

	/** The Kafka replication factor of the platform's topics: 3, or fewer brokers. */
	public int replicationFactor() {
		return Math.min(QUORUM, this.brokers.size());
	}

	/** How many replicas must have a write before it is acknowledged. */
	public int minInSyncReplicas() {
		return (this.brokers.size() >= QUORUM) ? 2 : 1;
	}

	/** The whole platform on this machine, on 127.0.0.1. */
	public static NodePlacement singleMachine() {
		return new NodePlacement(PlatformComponents.LOCAL_NODE_ID, LOOPBACK, LOOPBACK, LOOPBACK, true, true, true,
				Map.of(), 0, 0, null, List.of(LOOPBACK));
	}

	/** Whether this is one node of a fleet rather than the platform of one machine. */
	public boolean fleetMember() {
		return !equals(singleMachine());
	}

	/**
	 * Reads a node plan: {@code node-id}, {@code address}, {@code infra-address},
	 * {@code services-address}, {@code roles} (comma-separated: infra, services, apps),
	 * and optionally {@code label.<name>}, {@code capacity.cpu},
	 * {@code capacity.memory-mb}, {@code mongodb-uri}, {@code kafka-brokers}
	 * (comma-separated addresses; default: the infrastructure's address).
	 */
	public static NodePlacement read(Path plan) {
		Properties properties = new Properties();
		try (Reader reader = new StringReader(Files.readString(plan, StandardCharsets.UTF_8))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new PlatformException("cannot read the node plan " + plan + ": " + ex.getMessage(), ex);
		}
		List<String> missing = new ArrayList<>();
		for (String key : List.of("node-id", "address", "infra-address", "services-address", "roles")) {
			if (properties.getProperty(key, "").isBlank()) {
				missing.add(key);
			}
		}
		if (!missing.isEmpty()) {
			throw new PlatformException("the node plan " + plan + " lacks " + String.join(", ", missing));
		}
		List<String> roles = List.of(properties.getProperty("roles").split("\\s*,\\s*"));
		Map<String, String> labels = new TreeMap<>();
		for (String key : properties.stringPropertyNames()) {
			if (key.startsWith(LABEL)) {
				labels.put(key.substring(LABEL.length()), properties.getProperty(key));
			}
		}
		try {
			return new NodePlacement(properties.getProperty("node-id").strip(),
					properties.getProperty("address").strip(), properties.getProperty("infra-address").strip(),
					properties.getProperty("services-address").strip(), roles.contains("infra"),
					roles.contains("services"), roles.contains("apps"), labels,
					Double.parseDouble(properties.getProperty("capacity.cpu", "0")),
					Long.parseLong(properties.getProperty("capacity.memory-mb", "0")),
					properties.getProperty("mongodb-uri"),
					List.of(properties.getProperty("kafka-brokers", properties.getProperty("infra-address"))
						.strip()
						.split("\\s*,\\s*")));
		}
		catch (NumberFormatException ex) {
			throw new PlatformException("the node plan " + plan + " has a capacity that is not a number", ex);
		}
	}

	/** The node plan as {@link #read(Path)} reads it. */
	public String plan() {
		List<String> roles = new ArrayList<>();
		if (this.infra) {
			roles.add("infra");
		}
		if (this.services) {
			roles.add("services");
		}
		if (this.apps) {
			roles.add("apps");
		}
		Properties properties = new Properties();
		properties.setProperty("node-id", this.nodeId);
		properties.setProperty("address", this.bindAddress);
		properties.setProperty("infra-address", this.infraAddress);
		properties.setProperty("services-address", this.servicesAddress);
		properties.setProperty("roles", String.join(",", roles));
		this.labels.forEach((name, value) -> properties.setProperty(LABEL + name, value));
		if (this.cpu > 0) {
			properties.setProperty("capacity.cpu", Double.toString(this.cpu));
		}
		if (this.memoryMb > 0) {
			properties.setProperty("capacity.memory-mb", Long.toString(this.memoryMb));
		}
		if (this.mongoUri != null) {
			properties.setProperty("mongodb-uri", this.mongoUri);
		}
		properties.setProperty("kafka-brokers", String.join(",", this.brokers));
		StringWriter text = new StringWriter();
		try {
			properties.store(text, "written by iotp up --nodes: what runs on this node and where the rest is");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

}
