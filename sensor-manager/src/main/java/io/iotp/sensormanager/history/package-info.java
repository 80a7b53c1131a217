/**
 * The readings history: a consumer of {@code sensor-data} storing readings in chunks (one
 * document per sensor and batch), retention by age, and the latest reading and pages of
 * history over REST.
 */
@NullMarked
package io.iotp.sensormanager.history;

import org.jspecify.annotations.NullMarked;
