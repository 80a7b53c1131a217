package io.iotp.gateway.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The correlation id every request gets at the gateway, and the access log line that
 * carries it. Shared by the filter in front of the API and the app-link proxy, which runs
 * below the filters.
 */
public final class CorrelationIds {

	/** Passed on to the service and answered back to the caller. */
	public static final String HEADER = "X-Correlation-Id";

	private static final String MDC_KEY = "correlationId";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final Logger log = LoggerFactory.getLogger("io.iotp.gateway.access");

	private CorrelationIds() {
	}

	/**
	 * The caller's own id when it is a plain token (so a device can follow its request),
	 * else a new one.
	 */
	public static String acceptedOrNew(@Nullable String offered) {
		if (offered != null && ACCEPTED.matcher(offered).matches()) {
			return offered;
		}
		byte[] random = new byte[8];
		ThreadLocalRandom.current().nextBytes(random);
		return "c-" + HexFormat.of().formatHex(random);
	}

	/** One access log line, with the id in the log context. */
	public static void logAccess(String id, String method, String path, int status, long startNanos) {
		try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
			log.info("{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - startNanos) / 1_000_000);
		}
	}

}
