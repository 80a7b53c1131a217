package io.iotp.systemtests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The admin's webhook, played by the test run: one JDK HTTP server on 127.0.0.1 for the
 * whole run (the shared platform's monitoring is given its URL), keeping every alert
 * posted to it.
 */
final class AlertWebhook {

	private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

	private static final HttpServer SERVER = start();

	private AlertWebhook() {
	}

	static String url() {
		return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/alerts";
	}

	/** The JSON bodies received so far, oldest first. */
	static List<String> received() {
		return List.copyOf(RECEIVED);
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			// daemon threads: the server lives as long as the test JVM and never keeps it
			// alive
			server.setExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory()));
			server.createContext("/alerts", exchange -> {
				RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("the test webhook could not start", ex);
		}
	}

}
