/**
 * The readings history: a consumer of {@code sensor-data} storing readings in bulk, retention by age, and the latest reading and pages of history over REST.
 */
@NullMarked
package io.iotp.sensormanager.history;

import org.jspecify.annotations.NullMarked;
