/**
 * The {@code sensor-data}, {@code app.<app>.<service>.sensor-data} and
 * {@code sensor-commands} topics, and the sensor type model readings are validated
 * against (SPEC §6).
 */
@NullMarked
package io.iotp.contracts.sensor;

import org.jspecify.annotations.NullMarked;
