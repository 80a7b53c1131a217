package io.iotp.sensormanager.command;

import java.util.Set;

/**
 * A way to push commands to connected devices (the MQTT server implements it), so
 * commands do not depend on the transport.
 */
public interface CommandLink {

	/**
	 * Sends the command if its sensor is connected and subscribed here; whether it was
	 * sent.
	 */
	boolean offer(Command command);

	/** Sensors connected and subscribed to their commands here. */
	Set<String> subscribedSensors();

}
