package io.iotp.bootstrapper.fleet;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a node of the fleet runs. */
public enum Role {

	/** Kafka, the store, the directory, the blob store. */
	INFRA(List.of("kafka", "kafka (controller)", "kafka (apps)", "mongodb", "ldap", "registry", "blob-store")),

	/** The platform's services and the gateway. */
	SERVICES(List.of("app-controller", "deployer", "node-manager", "sensor-manager", "mqtt (sensor-manager)",
			"monitoring", "logger", "api-gateway")),

	/** A node agent and developers' app instances. */
	APPS(List.of("node-agent"));

	private final List<String> portOwners;

	Role(List<String> portOwners) {
		this.portOwners = portOwners;
	}

	/** The components whose ports ({@code Ports#byOwner}) a node of this role needs. */
	public List<String> portOwners() {
		return this.portOwners;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<Role> of(String key) {
		for (Role role : values()) {
			if (role.key().equals(key)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
