package io.iotp.sensormanager.command;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sensors/{id}/commands}.
 *
 * @param name what to do, e.g. {@code set-interval}
 * @param args its arguments
 * @param ttlSeconds how long it may wait for the device; default
 * {@code iotp.sensors.commands.default-ttl}
 */
record CommandRequest(@Nullable String name, @Nullable Map<String, Object> args, @Nullable Long ttlSeconds) {
}
