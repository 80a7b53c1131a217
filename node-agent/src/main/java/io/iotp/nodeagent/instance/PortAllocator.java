package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;

import io.iotp.nodeagent.node.NodeProperties.PortRange;

/**
 * Hands out instance ports from the configured range. A port is given out only when
 * nothing listens on it (binding it on loopback and on all interfaces succeeds) and no
 * other instance holds it; ports go round the range so a port just released is not reused
 * at once by a restarted neighbour.
 */
class PortAllocator {

	private final PortRange range;

	private final IntPredicate isFree;

	private final Set<Integer> held = new HashSet<>();

	private int next;

	PortAllocator(PortRange range) {
		this(range, PortAllocator::free);
	}

	/**
	 * For tests: what counts as free is given, so the rules can be checked without racing
	 * the machine.
	 */
	PortAllocator(PortRange range, IntPredicate isFree) {
		this.range = range;
		this.isFree = isFree;
		this.next = range.first();
	}

	/**
	 * @throws IllegalStateException when every port of the range is taken
	 */
	synchronized int allocate() {
		for (int i = 0; i < this.range.size(); i++) {
			int port = this.next;
			this.next = (port >= this.range.last()) ? this.range.first() : port + 1;
			if (!this.held.contains(port) && this.isFree.test(port)) {
				this.held.add(port);
				return port;
			}
		}
		throw new IllegalStateException("no free port left in " + this.range.first() + "-" + this.range.last());
	}

	/** Marks a port as held, e.g. by an instance the agent re-adopted. */
	synchronized void hold(int port) {
		this.held.add(port);
	}

	synchronized void release(int port) {
		this.held.remove(port);
	}

	static boolean free(int port) {
		return bindable(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
				&& bindable(new InetSocketAddress(port));
	}

	private static boolean bindable(InetSocketAddress address) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(address);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
