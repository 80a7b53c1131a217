package io.iotp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports nothing listens on when asked, for servers of a test's own. */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * A port free on 127.0.0.1 now (the caller binds it soon, or uses it as one nobody
	 * answers on).
	 */
	public static int any() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
