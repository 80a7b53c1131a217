package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How the bootstrapper tells that a component is up: its actuator health, or its port for
 * servers.
 */
public sealed interface HealthCheck {

	/** True when the component answers as healthy right now. */
	boolean isHealthy(HttpClient http);

	/** Where it is reached, for messages. */
	String target();

	/** UP from Spring Boot's actuator at {@code url}. */
	record ActuatorHealth(String url) implements HealthCheck {

		@Override
		public boolean isHealthy(HttpClient http) {
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(this.url)).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		@Override
		public String target() {
			return this.url;
		}

	}

	/** A server that accepts TCP connections on {@code host:port}. */
	record TcpPort(String host, int port) implements HealthCheck {

		@Override
		public boolean isHealthy(HttpClient http) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(this.host, this.port), 1000);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		@Override
		public String target() {
			return this.host + ":" + this.port;
		}

	}

}
