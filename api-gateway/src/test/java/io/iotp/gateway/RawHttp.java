package io.iotp.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.x connection on a plain socket, for what {@code java.net.http} will not do:
 * pipelined requests, {@code Expect: 100-continue} by hand, HTTP/1.0, and seeing the
 * server close the connection.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	RawHttp(int port) throws IOException {
		this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
		this.socket.setSoTimeout(15_000);
		this.in = new BufferedInputStream(this.socket.getInputStream());
	}

	/** A GET request as text, for pipelining several in one write. */
	static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	}

	void send(String text) throws IOException {
		this.socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
		this.socket.getOutputStream().flush();
	}

	/**
	 * The next response: its body by length, by chunks, or (with neither) up to the end
	 * of the connection.
	 */
	Response read() throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new TreeMap<>();
		String header;
		while (!(header = line()).isEmpty()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (status / 100 == 1 || status == 204 || status == 304) {
			return new Response(status, headers, "");
		}
		if (headers.containsKey("content-length")) {
			body.write(this.in.readNBytes(Integer.parseInt(headers.get("content-length"))));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			int size;
			while ((size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0) {
				body.write(this.in.readNBytes(size));
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else {
			body.write(this.in.readAllBytes());
		}
		return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Whether the server ends the connection (rather than keeping it open) within the
	 * socket's timeout.
	 */
	boolean closedByServer() throws IOException {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = this.in.read()) != '\n') {
			if (next == -1) {
				throw new IOException("the connection ended in the middle of a response: " + line);
			}
			if (next != '\r') {
				line.append((char) next);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** A response; header names in lower case. */
	record Response(int status, Map<String, String> headers, String body) {
	}

}
