package io.iotp.contracts.errors;

import java.time.Duration;
import java.util.Objects;

/**
 * A refusal the caller may repeat after a while (a rate limit, a service catching up):
 * answered with {@code Retry-After} besides the problem.
 */
public class RetryLaterException extends PlatformException {

	private final Duration retryAfter;

	public RetryLaterException(ErrorCode errorCode, String detail, Duration retryAfter) {
		super(errorCode, detail);
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
	}

	/** How long to wait before trying again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * The wait in whole seconds for a {@code Retry-After} header: rounded up, at least 1.
	 */
	public long retryAfterSeconds() {
		long seconds = this.retryAfter.toSeconds() + ((this.retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
