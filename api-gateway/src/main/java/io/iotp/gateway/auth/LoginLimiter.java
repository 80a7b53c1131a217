package io.iotp.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Login limits of this replica (in memory): consecutive failures per username lock it out
 * for {@code login-lockout}; attempts per client address are counted per minute. Both
 * answer with the time to wait when they refuse.
 */
@Component
public class LoginLimiter {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final AuthProperties properties;

	private final Clock clock;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final Map<String, Window> addresses = new ConcurrentHashMap<>();

	LoginLimiter(AuthProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Counts an attempt from the address; the wait when it has made too many this minute.
	 */
	public Optional<Duration> attemptFrom(String address) {
		Instant now = this.clock.instant();
		Window window = this.addresses.compute(address,
				(key, old) -> (old == null || !now.isBefore(old.start.plus(WINDOW))) ? new Window(now, 1)
						: new Window(old.start, old.count + 1));
		if (window.count > this.properties.loginAttemptsPerAddress()) {
			return Optional.of(Duration.between(now, window.start.plus(WINDOW)));
		}
		return Optional.empty();
	}

	/** The remaining lock-out of the username, if it is locked out. */
	public Optional<Duration> lockedOut(String username) {
		Failures current = this.failures.get(username);
		Instant now = this.clock.instant();
		if (current == null || current.lockedUntil == null || !now.isBefore(current.lockedUntil)) {
			return Optional.empty();
		}
		return Optional.of(Duration.between(now, current.lockedUntil));
	}

	/** Counts a wrong password; the lock-out when this one reached the limit. */
	public Optional<Duration> failed(String username) {
		Instant now = this.clock.instant();
		Failures updated = this.failures.compute(username, (key, old) -> {
			int count = (old == null || (old.lockedUntil != null && !now.isBefore(old.lockedUntil))) ? 1
					: old.count + 1;
			Instant lockedUntil = (count >= this.properties.loginMaxFailures())
					? now.plus(this.properties.loginLockout()) : null;
			return new Failures(count, lockedUntil, now);
		});
		return (updated.lockedUntil != null) ? Optional.of(this.properties.loginLockout()) : Optional.empty();
	}

	public void succeeded(String username) {
		this.failures.remove(username);
	}

	/** Forgets what no longer matters, so the maps stay small. */
	void sweep() {
		Instant now = this.clock.instant();
		this.addresses.values().removeIf(window -> !now.isBefore(window.start.plus(WINDOW)));
		this.failures.values()
			.removeIf(f -> (f.lockedUntil != null) ? !now.isBefore(f.lockedUntil)
					: now.isAfter(f.last.plus(this.properties.loginLockout())));
	}

	private record Window(Instant start, int count) {
	}

	private record Failures(int count, Instant lockedUntil, Instant last) {
	}

}
