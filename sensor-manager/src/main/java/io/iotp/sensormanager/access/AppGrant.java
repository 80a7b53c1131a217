package io.iotp.sensormanager.access;

import java.util.Objects;
import java.util.Set;

/**
 * What a request made with an app-scoped token ({@code IOTP_API_TOKEN}) may touch: the
 * sensors bound to its deployment, while the binding is active. Left on the request under
 * {@link #ATTRIBUTE}.
 *
 * @param deploymentId the deployment the token was issued to
 * @param app its app
 * @param owner the app's owner, who owns the bound sensors
 * @param sensors ids of the sensors bound to the deployment now (new sensors that joined
 * included)
 */
public record AppGrant(String deploymentId, String app, String owner, Set<String> sensors) {

	/** The request attribute holding the grant of a request made with an app token. */
	public static final String ATTRIBUTE = AppGrant.class.getName();

	public AppGrant {
		Objects.requireNonNull(deploymentId, "deploymentId");
		Objects.requireNonNull(app, "app");
		Objects.requireNonNull(owner, "owner");
		sensors = Set.copyOf(sensors);
	}

	public boolean mayUse(String sensorId) {
		return this.sensors.contains(sensorId);
	}

	/** How what the app does is recorded, e.g. as the issuer of a command. */
	public String actor() {
		return "app:" + this.app;
	}

}
