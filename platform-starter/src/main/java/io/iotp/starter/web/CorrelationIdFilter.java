package io.iotp.starter.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts the request's correlation id (set by the gateway in {@value #HEADER}, or a new one
 * for a call that came around it) in the log context as {@value #MDC_KEY} for the whole
 * request, so every log line and every event published while handling it carries the id;
 * answers it in the same header.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	/** The header the gateway passes on and answers. */
	public static final String HEADER = "X-Correlation-Id";

	/**
	 * The log context key, also used by {@link io.iotp.starter.MessagePublisher} for
	 * envelopes.
	 */
	public static final String MDC_KEY = "correlationId";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = accepted(request.getHeader(HEADER));
		response.setHeader(HEADER, id);
		try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
			chain.doFilter(request, response);
		}
	}

	private static String accepted(@Nullable String offered) {
		if (offered != null && ACCEPTED.matcher(offered).matches()) {
			return offered;
		}
		byte[] random = new byte[8];
		ThreadLocalRandom.current().nextBytes(random);
		return "c-" + HexFormat.of().formatHex(random);
	}

}
