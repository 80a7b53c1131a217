package io.iotp.sensormanager.ingest;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.sensormanager.registry.SensorKeys;

/**
 * Readings from devices, authenticated by {@code X-Sensor-Key} (a public path for the
 * token check). 202 means Kafka has every reading of the request.
 */
@RestController
class IngestController {

	private static final int MAX_KEYS = 1000;

	private final Ingestion ingestion;

	private final DeviceAuthenticator authenticator;

	private final DeviceRequests requests;

	IngestController(Ingestion ingestion, DeviceAuthenticator authenticator, DeviceRequests requests) {
		this.ingestion = ingestion;
		this.authenticator = authenticator;
		this.requests = requests;
	}

	@PostMapping(path = "/api/sensors/{id}/data", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> data(@PathVariable String id,
			@RequestHeader(name = DeviceRequests.KEY_HEADER, required = false) @Nullable String key,
			HttpServletRequest request) {
		KnownSensor sensor;
		try {
			sensor = this.authenticator.authenticate(id, key);
		}
		catch (PlatformException ex) {
			this.ingestion.rejected(Transport.HTTP, ex);
			throw ex;
		}
		byte[] body = this.requests.body(request);
		int accepted = this.requests.await(this.ingestion.accept(sensor, body, Transport.HTTP));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(accepted));
	}

	/**
	 * Readings of several sensors at once, {@code [{sensorId, ts?, values}]};
	 * {@code X-Sensor-Key} holds the key of every sensor named, comma-separated (keys
	 * never contain commas).
	 */
	@PostMapping(path = "/api/sensors/data:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> batch(
			@RequestHeader(name = DeviceRequests.KEY_HEADER, required = false) @Nullable String keys,
			HttpServletRequest request) {
		Set<String> hashes = keyHashes(keys);
		byte[] body = this.requests.body(request);
		int accepted = this.requests.await(this.ingestion.acceptBatch(hashes, body));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(accepted));
	}

	private Set<String> keyHashes(@Nullable String header) {
		Set<String> hashes = new LinkedHashSet<>();
		if (header != null) {
			for (String key : header.split(",")) {
				if (!key.isBlank()) {
					hashes.add(SensorKeys.hash(key.strip()));
				}
			}
		}
		PlatformException problem = null;
		if (hashes.isEmpty()) {
			problem = new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED,
					"the X-Sensor-Key header is missing; send the keys of the batch's sensors, comma-separated");
		}
		else if (hashes.size() > MAX_KEYS) {
			problem = new PlatformException(ErrorCodes.REQUEST_TOO_LARGE,
					hashes.size() + " keys in X-Sensor-Key; at most " + MAX_KEYS + " sensors per batch");
		}
		if (problem != null) {
			this.ingestion.rejected(Transport.HTTP, problem);
			throw problem;
		}
		return hashes;
	}

	/**
	 * The answer to accepted readings.
	 *
	 * @param accepted how many readings Kafka now has
	 */
	record Accepted(int accepted) {
	}

}
