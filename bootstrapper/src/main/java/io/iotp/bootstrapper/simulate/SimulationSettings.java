package io.iotp.bootstrapper.simulate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one simulation does.
 *
 * @param sensors how many sensors send
 * @param rate readings per second, all sensors together
 * @param type their sensor type (created with plausible fields when missing)
 * @param location their location
 * @param protocol how readings travel
 * @param duration sending stops after this, whatever happens
 * @param gateway the platform's gateway, for the API and HTTP readings
 * @param mqtt the MQTT server of sensor-manager, e.g. {@code tcp://127.0.0.1:1883}
 * @param token a bearer token; when null, {@code username}/{@code password} log in
 * @param username who registers the sensors
 * @param password their password
 * @param stateDir where the sensors' ids and keys are kept for the next run
 */
public record SimulationSettings(int sensors, double rate, String type, String location, Protocol protocol,
		Duration duration, URI gateway, URI mqtt, @Nullable String token, @Nullable String username,
		@Nullable String password, Path stateDir) {

	/** How readings travel. */
	public enum Protocol {

		/** {@code POST /api/sensors/data:batch}, many sensors per request. */
		HTTP,

		/** One MQTT connection per sensor, QoS 1, to {@code sensors/<id>/data}. */
		MQTT

	}

}
