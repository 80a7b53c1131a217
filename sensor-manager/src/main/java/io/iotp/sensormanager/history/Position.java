package io.iotp.sensormanager.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorReading;

/**
 * Where a page ended: its last reading's time (to the millisecond, as stored) and id,
 * base64url encoded as the cursor. The next page holds the readings strictly after it in
 * newest-first order.
 *
 * @param ts the reading's {@code ts}
 * @param id the reading's id
 */
record Position(Instant ts, String id) {

	static Position of(SensorReading reading) {
		return new Position(reading.ts(), reading.id());
	}

	/**
	 * Whether this position comes strictly before the reading, newest first (the reading
	 * is older, or as old with a smaller id).
	 */
	boolean precedes(SensorReading reading) {
		int byTime = reading.ts().compareTo(this.ts);
		return byTime < 0 || (byTime == 0 && reading.id().compareTo(this.id) < 0);
	}

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.ts.toEpochMilli() + ":" + this.id).getBytes(StandardCharsets.UTF_8));
	}

	static Position decode(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int colon = text.indexOf(':');
			return new Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
					text.substring(colon + 1));
		}
		catch (IllegalArgumentException | StringIndexOutOfBoundsException ex) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION,
					"cursor '" + cursor + "' is not one this API gave out; pass the page's next as it is");
		}
	}

}
