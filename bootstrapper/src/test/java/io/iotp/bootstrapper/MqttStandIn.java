package io.iotp.bootstrapper;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an MQTT 3.1.1 server on loopback for the simulator's test: CONNECT with
 * user name and password (refused with return code 4 when the password is not the one
 * expected for that user), PUBLISH QoS 0/1 (answered with PUBACK), PINGREQ, DISCONNECT.
 * It keeps what was published.
 */
final class MqttStandIn implements AutoCloseable {

	/** One message published by a client. */
	record Published(String user, String topic, String payload) {

	}

	private final ServerSocket server;

	private final Map<String, String> passwords;

	private final List<Published> published = new CopyOnWriteArrayList<>();

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final Map<String, Boolean> connected = new ConcurrentHashMap<>();

	MqttStandIn(Map<String, String> passwords) throws IOException {
		this.passwords = passwords;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	List<Published> published() {
		return this.published;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.add(socket);
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				return; // closed
			}
		}
	}

	private void serve(Socket socket) {
		String user = null;
		try (socket) {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			while (true) {
				int header = in.read();
				if (header < 0) {
					return;
				}
				byte[] body = new byte[remainingLength(in)];
				in.readFully(body);
				switch (header >> 4) {
					case 1 -> {
						user = connect(body);
						boolean accepted = user != null;
						out.write(new byte[] { 0x20, 0x02, 0x00, (byte) (accepted ? 0 : 4) });
						if (!accepted) {
							return;
						}
						this.connected.put(user, true);
					}
					case 3 -> {
						int qos = (header >> 1) & 0x03;
						int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
						String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
						int at = 2 + topicLength;
						if (qos > 0) {
							out.write(new byte[] { 0x40, 0x02, body[at], body[at + 1] });
							at += 2;
						}
						this.published.add(new Published(user, topic,
								new String(body, at, body.length - at, StandardCharsets.UTF_8)));
					}
					case 12 -> out.write(new byte[] { (byte) 0xd0, 0x00 });
					case 14 -> {
						return;
					}
					default -> {
					}
				}
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	/** The user name when the credentials are right, else null. */
	private String connect(byte[] body) {
		int at = 2 + (((body[0] & 0xff) << 8) | (body[1] & 0xff)); // protocol name
		at += 1; // level
		int flags = body[at++] & 0xff;
		at += 2; // keep alive
		String[] clientId = new String[1];
		at = string(body, at, clientId);
		if ((flags & 0x04) != 0) { // will topic and message
			at = string(body, at, new String[1]);
			at = string(body, at, new String[1]);
		}
		String[] user = new String[1];
		String[] password = new String[1];
		if ((flags & 0x80) != 0) {
			at = string(body, at, user);
		}
		if ((flags & 0x40) != 0) {
			string(body, at, password);
		}
		return (user[0] != null && password[0] != null && password[0].equals(this.passwords.get(user[0]))) ? user[0]
				: null;
	}

	private static int string(byte[] body, int at, String[] into) {
		int length = ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
		into[0] = new String(body, at + 2, length, StandardCharsets.UTF_8);
		return at + 2 + length;
	}

	private static int remainingLength(DataInputStream in) throws IOException {
		int value = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.readUnsignedByte();
			value += (digit & 0x7f) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0);
		return value;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.connections) {
			socket.close();
		}
	}

}
