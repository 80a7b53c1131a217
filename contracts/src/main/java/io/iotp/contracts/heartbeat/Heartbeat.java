package io.iotp.contracts.heartbeat;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.messaging.Message;

/**
 * Sent every second on {@code heartbeat} by every platform process, keyed by component
 * id.
 *
 * @param componentId the component, e.g. {@code app-controller}; replicas share it
 * @param kind what sort of component this is
 * @param instanceId this replica, unique across restarts
 * @param host host name of the machine it runs on
 * @param pid operating-system process id
 * @param version platform version the component was built from
 * @param status what the component says of itself
 * @param startedAt when this replica started
 * @param url where this replica answers HTTP ({@code http://address:port}), for the
 * gateway to balance over the replicas of a service; null for components with no API
 */
public record Heartbeat(String componentId, ComponentKind kind, String instanceId, String host, long pid,
		String version, HeartbeatStatus status, Instant startedAt, @Nullable String url) implements Message {

}
