package io.iotp.starter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

import io.iotp.contracts.heartbeat.ComponentKind;

/**
 * This process as the rest of the platform sees it: the component it belongs to and which
 * replica of it this is.
 *
 * @param componentId e.g. {@code app-controller}; replicas share it
 * @param kind what sort of component this is
 * @param instanceId this replica, new on every start
 * @param host host name
 * @param pid process id
 * @param version platform version
 * @param startedAt when this replica started
 */
public record PlatformIdentity(String componentId, ComponentKind kind, String instanceId, String host, long pid,
		String version, Instant startedAt) {

	static PlatformIdentity of(String componentId, ComponentKind kind, String version) {
		String instanceId = componentId + "-" + UUID.randomUUID().toString().substring(0, 8);
		return new PlatformIdentity(componentId, kind, instanceId, hostName(), ProcessHandle.current().pid(), version,
				Instant.now());
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
