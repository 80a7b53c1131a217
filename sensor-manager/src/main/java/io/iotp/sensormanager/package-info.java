/**
 * The sensor manager: registry, ingestion over HTTP and MQTT, history, commands, and (in
 * {@code binding} and {@code delivery}) the readings' way to the apps bound to them.
 */
@NullMarked
package io.iotp.sensormanager;

import org.jspecify.annotations.NullMarked;
