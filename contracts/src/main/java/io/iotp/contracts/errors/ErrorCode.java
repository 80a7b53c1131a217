package io.iotp.contracts.errors;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable error code. The code is what clients and other services match on, so once
 * published it is never renamed or reused; the hint may be reworded.
 *
 * @param code dotted kebab-case, most general part first, e.g.
 * {@code app.validation.zip-slip}
 * @param status the HTTP status of a problem response with this code
 * @param hint what the caller can do about it, one sentence; details of one occurrence go
 * in the exception's detail, not here
 */
public record ErrorCode(String code, int status, String hint) {

	private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

	public ErrorCode {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(hint, "hint");
		if (!CODE.matcher(code).matches()) {
			throw new IllegalArgumentException("error code '" + code + "' is not dotted kebab-case");
		}
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("error code '" + code + "' needs a 4xx or 5xx status, got " + status);
		}
	}

	/**
	 * Whether trying the same thing again later may succeed: timeouts, rate limits and
	 * unavailable dependencies. Everything else is final until the input changes.
	 */
	public boolean retriable() {
		return this.status == 408 || this.status == 429 || this.status == 502 || this.status == 503
				|| this.status == 504;
	}

	/** A problem of the caller's input (4xx) rather than of the platform (5xx). */
	public boolean clientError() {
		return this.status < 500;
	}

	@Override
	public String toString() {
		return this.code + " (" + this.status + ")";
	}

}
