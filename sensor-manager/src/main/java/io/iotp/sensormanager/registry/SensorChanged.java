package io.iotp.sensormanager.registry;

/**
 * Published (as a Spring application event, after the change is stored) whenever a sensor
 * is registered, changed, given a new key or deleted, so caches of its key and type and
 * open MQTT connections follow, and bindings can take in new sensors.
 *
 * @param sensor the sensor after the change (before it, for {@link Change#DELETED})
 * @param change what happened
 */
public record SensorChanged(Sensor sensor, Change change) {

	/** What happened to a sensor. */
	public enum Change {

		CREATED, UPDATED, KEY_ROTATED, DELETED;

		/** Whether credentials a device holds may have stopped being valid. */
		public boolean revokesCredentials() {
			return this == KEY_ROTATED || this == DELETED;
		}

	}

}
