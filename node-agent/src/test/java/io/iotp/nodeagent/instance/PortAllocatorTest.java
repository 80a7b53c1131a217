package io.iotp.nodeagent.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import io.iotp.nodeagent.node.NodeProperties.PortRange;

class PortAllocatorTest {

	@Test
	void skipsPortsInUseAndPortsHeldByInstances() throws Exception {
		try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = busy.getLocalPort();
			PortAllocator ports = new PortAllocator(new PortRange(port, port + 2));

			int first = ports.allocate();
			int second = ports.allocate();

			assertThat(first).isEqualTo(port + 1);
			assertThat(second).isEqualTo(port + 2);
			assertThatThrownBy(ports::allocate).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no free port");
			ports.release(first);
			assertThat(ports.allocate()).isEqualTo(first);
		}
	}

	@Test
	void aHeldPortIsNotGivenOut() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		PortAllocator ports = new PortAllocator(new PortRange(port, port));
		ports.hold(port);

		assertThatThrownBy(ports::allocate).isInstanceOf(IllegalStateException.class);
	}

}
