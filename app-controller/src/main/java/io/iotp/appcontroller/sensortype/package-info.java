/**
 * The sensor types apps may ask for: sensor-manager's registry, as announced on
 * {@code sensor-types}.
 */
@NullMarked
package io.iotp.appcontroller.sensortype;

import org.jspecify.annotations.NullMarked;
