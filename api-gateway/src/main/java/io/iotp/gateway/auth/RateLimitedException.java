package io.iotp.gateway.auth;

import java.time.Duration;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/**
 * A 429 with the time to wait, rendered with {@code Retry-After} in whole seconds (at
 * least 1).
 */
public class RateLimitedException extends PlatformException {

	private final long retryAfterSeconds;

	public RateLimitedException(String detail, Duration wait) {
		super(ErrorCodes.RATE_LIMITED, detail);
		this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
