/**
 * Commands to sensors: stored with their state (PENDING, DELIVERED, ACKED, EXPIRED),
 * published on {@code sensor-commands}, delivered over MQTT or polled over HTTP, expired
 * by a sweeper.
 */
@NullMarked
package io.iotp.sensormanager.command;

import org.jspecify.annotations.NullMarked;
