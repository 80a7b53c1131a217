package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One health check of an instance, as SPEC §3 defines it: an HTTP service with a health
 * path must answer it with a 2xx, one without must accept a TCP connection on its port,
 * and a worker is healthy once it has stayed alive for a grace period. Checks go to the
 * node's address, where instances are told to listen: the agent runs on the node.
 */
class HealthChecker implements AutoCloseable {

	private final String address;

	private final Duration timeout;

	private final Duration workerGrace;

	private final HttpClient http;

	HealthChecker(String address, Duration timeout, Duration workerGrace) {
		this.address = address;
		this.timeout = timeout;
		this.workerGrace = workerGrace;
		this.http = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * @param http whether the instance listens on its port
	 * @param healthPath its health path, if it has one
	 * @param port its port
	 * @param runningSince when its process started (workers only)
	 */
	Result check(boolean http, @Nullable String healthPath, int port, Instant runningSince) {
		if (!http) {
			Duration alive = Duration.between(runningSince, Instant.now());
			return (alive.compareTo(this.workerGrace) >= 0) ? Result.HEALTHY
					: new Result(false, "alive for " + alive.toMillis() + " ms only");
		}
		return (healthPath != null && !healthPath.isBlank()) ? httpCheck(port, healthPath) : tcpCheck(port);
	}

	private Result httpCheck(int port, String healthPath) {
		String path = healthPath.startsWith("/") ? healthPath : "/" + healthPath;
		URI uri = URI.create("http://" + this.address + ":" + port + path);
		try {
			HttpResponse<Void> response = this.http.send(
					HttpRequest.newBuilder(uri).timeout(this.timeout).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			return (status >= 200 && status < 300) ? Result.HEALTHY
					: new Result(false, "GET " + path + " answered " + status);
		}
		catch (IOException ex) {
			return new Result(false, "GET " + path + " failed: " + describe(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(false, "check interrupted");
		}
		catch (IllegalArgumentException ex) {
			return new Result(false, "health path " + path + " is not a valid path");
		}
	}

	private Result tcpCheck(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.address, port), (int) this.timeout.toMillis());
			return Result.HEALTHY;
		}
		catch (IOException ex) {
			return new Result(false, "port " + port + " does not accept connections: " + describe(ex));
		}
	}

	private static String describe(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	@Override
	public void close() {
		this.http.close();
	}

	/**
	 * @param healthy whether the check passed
	 * @param detail why not, for the status reason
	 */
	record Result(boolean healthy, String detail) {

		static final Result HEALTHY = new Result(true, "healthy");

	}

}
