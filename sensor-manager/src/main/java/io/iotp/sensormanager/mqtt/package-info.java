/**
 * The embedded MQTT 3.1.1 and 5 server (Netty): devices publish readings to
 * {@code sensors/<id>/data} and receive commands on {@code sensors/<id>/commands}.
 */
@NullMarked
package io.iotp.sensormanager.mqtt;

import org.jspecify.annotations.NullMarked;
