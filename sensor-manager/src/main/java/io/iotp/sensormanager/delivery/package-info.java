/**
 * Delivery of readings to app instances: the router forwards readings of bound sensors
 * from {@code sensor-data} to the {@code app.<app>.<service>.sensor-data} topics, and the
 * HTTP deliverer POSTs those of {@code http}-delivery services to their instances, at
 * least once.
 */
@NullMarked
package io.iotp.sensormanager.delivery;

import org.jspecify.annotations.NullMarked;
