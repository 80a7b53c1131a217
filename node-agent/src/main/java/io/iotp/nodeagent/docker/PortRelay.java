package io.iotp.nodeagent.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A door from app containers to one platform port: a TCP relay listening on this
 * machine's address on the app network, passing every connection on to its target.
 * Platform services listen on addresses a container cannot reach; relays are how its
 * {@code IOTP_API_URL} (to the gateway, which checks every caller's token) and, for
 * {@code kafka} delivery, its {@code KAFKA_BOOTSTRAP_SERVERS} (to the broker's app
 * listener, which asks for the deployment's password) still work. There is no other.
 */
public final class PortRelay implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PortRelay.class);

	private static final int MAX_CONNECTIONS = 1024;

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

	private volatile boolean closed;

	/**
	 * Listens on {@code listenAddress} and {@code listenPort} (0: a port of the system's
	 * choice) and relays to {@code target}.
	 */
	public PortRelay(String listenAddress, int listenPort, InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket();
		this.server.setReuseAddress(true);
		this.server.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), listenPort), 128);
		this.threads.execute(this::accept);
		log.info("app containers reach {} through {}", target, this.server.getLocalSocketAddress());
	}

	/** Where containers connect: the address on the app network and the port. */
	public InetSocketAddress address() {
		return (InetSocketAddress) this.server.getLocalSocketAddress();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (!this.slots.tryAcquire()) {
					client.close();
					continue;
				}
				this.threads.execute(() -> relay(client));
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.warn("relay to {}: accept failed: {}", this.target, ex.toString());
				}
			}
		}
	}

	private void relay(Socket client) {
		try (client; Socket upstream = new Socket()) {
			upstream.connect(this.target, 5000);
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			Future<?> answers = this.threads.submit(() -> pump(upstream, client));
			pump(client, upstream);
			// the caller may have only half-closed: its answer still has to reach it
			answers.get();
		}
		catch (ExecutionException ex) {
			log.debug("relay to {}: {}", this.target, ex.getCause().toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			log.debug("relay to {}: {}", this.target, ex.toString());
		}
		finally {
			this.slots.release();
		}
	}

	/** Copies one direction until it ends, then half-closes the other side. */
	private static void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
			}
			to.shutdownOutput();
		}
		catch (SocketException ex) {
			closeQuietly(to);
		}
		catch (IOException ex) {
			closeQuietly(to);
			log.debug("relay: {}", ex.toString());
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		this.threads.shutdownNow();
	}

}
