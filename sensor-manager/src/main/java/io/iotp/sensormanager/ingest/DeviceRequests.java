package io.iotp.sensormanager.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/**
 * Reading device request bodies within the size limit, and waiting for Kafka within the
 * time limit.
 */
@Component
public class DeviceRequests {

	/** The header devices authenticate with. */
	public static final String KEY_HEADER = "X-Sensor-Key";

	private final IngestProperties properties;

	DeviceRequests(IngestProperties properties) {
		this.properties = properties;
	}

	/** The body, never more than {@code max-body-size} bytes of it held in memory. */
	public byte[] body(HttpServletRequest request) {
		long max = this.properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(request.getContentLengthLong(), max);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (body.length > max) {
				throw tooLarge(body.length, max);
			}
			return body;
		}
		catch (IOException ex) {
			throw new PlatformException(ErrorCodes.REQUEST_MALFORMED, "the body could not be read: " + ex.getMessage());
		}
	}

	/**
	 * The number of readings Kafka acknowledged; 503 when it did not in time, so the
	 * device sends again.
	 */
	public int await(CompletableFuture<Integer> published) {
		try {
			return published.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"Kafka did not acknowledge the readings in time; none is guaranteed accepted, send them again", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "interrupted while publishing; send again", ex);
		}
	}

	private static PlatformException tooLarge(long size, long max) {
		return new PlatformException(ErrorCodes.REQUEST_TOO_LARGE,
				"the body has " + size + " bytes; at most " + max + " are accepted");
	}

}
