package io.iotp.logger.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in the newest-first order (time descending, then id descending). Pages go on
 * strictly after it, so entries stored meanwhile neither repeat nor shift anything
 * already paged.
 *
 * @param time the time of the last entry seen
 * @param id the id of the last entry seen
 */
public record LogCursor(Instant time, String id) {

	/** An opaque token for clients: base64url of {@code <epoch millis>:<id>}. */
	public String encode() {
		String plain = this.time.toEpochMilli() + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a token made by {@link #encode()}.
	 * @throws IllegalArgumentException when it is not one
	 */
	public static LogCursor decode(String token) {
		String plain;
		try {
			plain = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not a cursor this service issued");
		}
		int colon = plain.indexOf(':');
		if (colon <= 0 || colon == plain.length() - 1) {
			throw new IllegalArgumentException("not a cursor this service issued");
		}
		try {
			return new LogCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
					plain.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a cursor this service issued");
		}
	}

}
