package io.iotp.nodeagent.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.iotp.nodeagent.node.NodeProperties.PortRange;

class PortAllocatorTest {

	@Test
	void skipsPortsInUseAndPortsHeldByInstances() {
		// Which ports are in use is given here: real neighbouring ports may be taken by
		// any process
		// on a busy machine (CI failed once on exactly that), so the rules are checked on
		// their own.
		Set<Integer> inUse = new HashSet<>(Set.of(20000));
		PortAllocator ports = new PortAllocator(new PortRange(20000, 20002), port -> !inUse.contains(port));

		int first = ports.allocate();
		int second = ports.allocate();

		assertThat(first).isEqualTo(20001);
		assertThat(second).isEqualTo(20002);
		assertThatThrownBy(ports::allocate).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no free port left in 20000-20002");
		ports.release(first);
		assertThat(ports.allocate()).isEqualTo(first);
	}

	@Test
	void goesRoundTheRangeSoAReleasedPortIsNotReusedAtOnce() {
		PortAllocator ports = new PortAllocator(new PortRange(20000, 20002), port -> true);

		int first = ports.allocate();
		ports.release(first);

		assertThat(ports.allocate()).isEqualTo(20001);
		assertThat(ports.allocate()).isEqualTo(20002);
		assertThat(ports.allocate()).isEqualTo(first);
	}

	@Test
	void aPortSomeoneListensOnIsNotGivenOut() throws Exception {
		try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = busy.getLocalPort();

			assertThat(PortAllocator.free(port)).isFalse();
			PortAllocator ports = new PortAllocator(new PortRange(port, port));
			assertThatThrownBy(ports::allocate).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no free port");
		}
	}

	@Test
	void aHeldPortIsNotGivenOut() {
		PortAllocator ports = new PortAllocator(new PortRange(20000, 20000), port -> true);
		ports.hold(20000);

		assertThatThrownBy(ports::allocate).isInstanceOf(IllegalStateException.class);
	}

}
