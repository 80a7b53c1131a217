package io.iotp.deployer.binding;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.sensor.BoundSensor;

/**
 * What sensor-manager bound to a deployment.
 *
 * @param services per service with sensors, its sensors (services without are absent)
 * @param appToken the app-scoped token of the run, for every instance's
 * {@code IOTP_API_TOKEN}; null when nothing was bound (the deployment asks for no
 * sensors) or sensor-manager is older than the token
 */
public record Binding(Map<String, List<BoundSensor>> services, @Nullable String appToken) {

	public Binding {
		services = Map.copyOf(services);
	}

	/** A deployment that asks for no sensors: nothing bound, no token. */
	public static Binding none() {
		return new Binding(Map.of(), null);
	}

	/** The sensors of {@code service}, empty when it has none. */
	public List<BoundSensor> of(String service) {
		return this.services.getOrDefault(service, List.of());
	}

}
