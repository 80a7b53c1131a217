package io.iotp.gateway.routing;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each platform service is reached when no replica of it has been heard from
 * ({@code iotp.services.<service>=http://host:port}, see {@link ServiceReplicas}); the
 * bootstrapper passes all of them. Missing ones default to the embedded platform's ports.
 */
@ConfigurationProperties("iotp")
public record ServiceTargets(Map<String, URI> services) {

	private static final Map<String, Integer> DEFAULT_PORTS = Map.of("app-controller", 8081, "deployer", 8082,
			"node-manager", 8083, "sensor-manager", 8084, "monitoring", 8085, "logger", 8086);

	public ServiceTargets {
		services = (services != null) ? Map.copyOf(services) : Map.of();
	}

	/** Whether the gateway sends calls to this service. */
	boolean routes(String service) {
		return DEFAULT_PORTS.containsKey(service);
	}

	URI of(String service) {
		URI uri = this.services.get(service);
		return (uri != null) ? uri : URI.create("http://127.0.0.1:" + DEFAULT_PORTS.getOrDefault(service, 8080));
	}

}
