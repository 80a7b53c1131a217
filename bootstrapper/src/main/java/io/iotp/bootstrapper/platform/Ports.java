package io.iotp.bootstrapper.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every port the embedded platform listens on, all on 127.0.0.1. The defaults are
 * documented in the README; {@link #shiftedBy(int)} moves the whole set, so two platforms
 * can run side by side.
 */
public record Ports(int gateway, int appController, int deployer, int nodeManager, int sensorManager, int monitoring,
		int logger, int nodeAgent, int kafka, int kafkaController, int kafkaApps, int mongodb, int ldap, int mqtt,
		int registry, int blobStore) {

	public static Ports defaults() {
		return new Ports(8080, 8081, 8082, 8083, 8084, 8085, 8086, 8090, 9092, 9093, 9094, 27017, 3389, 1883, 5000,
				10000);
	}

	public Ports shiftedBy(int offset) {
		return new Ports(this.gateway + offset, this.appController + offset, this.deployer + offset,
				this.nodeManager + offset, this.sensorManager + offset, this.monitoring + offset, this.logger + offset,
				this.nodeAgent + offset, this.kafka + offset, this.kafkaController + offset, this.kafkaApps + offset,
				this.mongodb + offset, this.ldap + offset, this.mqtt + offset, this.registry + offset,
				this.blobStore + offset);
	}

	/** Port by owner, for the busy-port check and for messages. */
	public Map<String, Integer> byOwner() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("kafka", this.kafka);
		ports.put("kafka (controller)", this.kafkaController);
		ports.put("kafka (apps)", this.kafkaApps);
		ports.put("mongodb", this.mongodb);
		ports.put("ldap", this.ldap);
		ports.put("registry", this.registry);
		ports.put("blob-store", this.blobStore);
		ports.put("app-controller", this.appController);
		ports.put("deployer", this.deployer);
		ports.put("node-manager", this.nodeManager);
		ports.put("sensor-manager", this.sensorManager);
		ports.put("mqtt (sensor-manager)", this.mqtt);
		ports.put("monitoring", this.monitoring);
		ports.put("logger", this.logger);
		ports.put("node-agent", this.nodeAgent);
		ports.put("api-gateway", this.gateway);
		return ports;
	}

}
