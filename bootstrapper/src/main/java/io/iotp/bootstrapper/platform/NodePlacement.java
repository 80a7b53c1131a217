package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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
 */
public record NodePlacement(String nodeId, String bindAddress, String infraAddress, String servicesAddress,
		boolean infra, boolean services, boolean apps) {

	public static final String LOOPBACK = "127.0.0.1";

	/** The whole platform on this machine, on 127.0.0.1. */
	public static NodePlacement singleMachine() {
		return new NodePlacement(PlatformComponents.LOCAL_NODE_ID, LOOPBACK, LOOPBACK, LOOPBACK, true, true, true);
	}

	/** Whether this is one node of a fleet rather than the platform of one machine. */
	public boolean fleetMember() {
		return !equals(singleMachine());
	}

	/**
	 * Reads a node plan: {@code node-id}, {@code address}, {@code infra-address},
	 * {@code services-address}, {@code roles} (comma-separated: infra, services, apps).
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
		return new NodePlacement(properties.getProperty("node-id").strip(), properties.getProperty("address").strip(),
				properties.getProperty("infra-address").strip(), properties.getProperty("services-address").strip(),
				roles.contains("infra"), roles.contains("services"), roles.contains("apps"));
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
		return "# written by iotp up --nodes: what runs on this node and where the rest is\n" + "node-id=" + this.nodeId
				+ "\naddress=" + this.bindAddress + "\ninfra-address=" + this.infraAddress + "\nservices-address="
				+ this.servicesAddress + "\nroles=" + String.join(",", roles) + "\n";
	}

}
