package io.iotp.monitoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an SMTP relay on 127.0.0.1 to accept mail and keep each message's DATA.
 */
final class FakeSmtpRelay implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> messages = new CopyOnWriteArrayList<>();

	FakeSmtpRelay() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::serve);
	}

	int port() {
		return this.server.getLocalPort();
	}

	List<String> messages() {
		return List.copyOf(this.messages);
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread.ofVirtual().start(() -> session(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void session(Socket client) {
		try (client) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = client.getOutputStream();
			reply(out, "220 fake relay");
			for (String line; (line = in.readLine()) != null;) {
				if (line.startsWith("EHLO")) {
					reply(out, "250-fake relay\r\n250 8BITMIME");
				}
				else if (line.equals("DATA")) {
					reply(out, "354 go ahead");
					StringBuilder data = new StringBuilder();
					for (String body; (body = in.readLine()) != null && !body.equals(".");) {
						data.append(body).append('\n');
					}
					this.messages.add(data.toString());
					reply(out, "250 queued");
				}
				else if (line.equals("QUIT")) {
					reply(out, "221 bye");
					return;
				}
				else {
					reply(out, "250 ok");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
