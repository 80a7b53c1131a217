package io.iotp.sensormanager.binding;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.sensormanager.access.AppGrant;
import io.iotp.starter.ratelimit.TokenBuckets;
import io.iotp.starter.web.ProblemAdvice.Problems;

/**
 * Lets an app call with its app-scoped token
 * ({@code Authorization: Bearer iotp_app_...}), which is no JWT, so the platform's token
 * check must not see it: in front of Spring Security, this checks it, lets it reach only
 * the sensor calls an app needs and only for its bound sensors, and hands the request on
 * as the app's owner (whose sensors they are) without the header, with the
 * {@link AppGrant} attached so controllers narrow lists and record the app as the actor.
 * Any other token passes untouched.
 * <ul>
 * <li>{@code GET /api/sensors}, {@code GET /api/sensors/{id}}, {@code GET
 * /api/sensors/{id}/data}, {@code GET /api/sensors/{id}/data/latest}, {@code POST
 * /api/sensors/{id}/commands}, {@code GET /api/sensors/{id}/commands/{cmdId}}; anything
 * else: 403 {@code auth.forbidden}</li>
 * <li>a sensor not bound to the deployment: 404, as a foreign developer gets</li>
 * <li>a forged token, or one whose deployment ended: 401 {@code auth.unauthorized}</li>
 * <li>more calls than {@code iotp.sensors.binding.app-calls-per-second}: 429
 * {@code rate.limited}</li>
 * </ul>
 */
final class AppTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AppTokenFilter.class);

	private static final String BEARER = "Bearer ";

	private static final Pattern SENSOR_PATH = Pattern
		.compile("/api/sensors/([^/]+)(|/data|/data/latest|/commands|/commands/([^/]+))");

	private final AppTokens tokens;

	private final RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

	private final TokenBuckets limiter;

	AppTokenFilter(AppTokens tokens, TokenBuckets limiter) {
		this.tokens = tokens;
		this.limiter = limiter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| !header.substring(BEARER.length()).trim().startsWith(AppTokens.PREFIX)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<AppGrant> verified;
		try {
			verified = this.tokens.verify(header.substring(BEARER.length()).trim());
		}
		catch (DataAccessException ex) {
			log.warn("cannot check an app token, MongoDB: {}", ex.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			problem(request, response, ErrorCodes.SERVICE_UNAVAILABLE, "App tokens cannot be checked right now.");
			return;
		}
		if (verified.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			problem(request, response, ErrorCodes.AUTH_UNAUTHORIZED,
					"The app token is invalid, or its deployment is no longer running.");
			return;
		}
		AppGrant grant = verified.get();
		MDC.put("deploymentId", grant.deploymentId());
		MDC.put("app", grant.app());
		try {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			String sensor = sensorOf(request.getMethod(), path);
			if (sensor == null) {
				log.info("[deployment {}] app {} refused {} {}: not a call for app tokens", grant.deploymentId(),
						grant.app(), request.getMethod(), path);
				problem(request, response, ErrorCodes.AUTH_FORBIDDEN,
						"An app token may only read the app's bound sensors and send them commands.");
				return;
			}
			if (!sensor.isEmpty() && !grant.mayUse(sensor)) {
				problem(request, response, ErrorCodes.RESOURCE_NOT_FOUND, "sensor '" + sensor + "' does not exist");
				return;
			}
			Optional<Duration> wait = this.limiter.take(grant.deploymentId());
			if (wait.isPresent()) {
				// whole seconds, rounded up
				response.setHeader(HttpHeaders.RETRY_AFTER,
						String.valueOf(Math.max(1, (wait.get().toNanos() + 999_999_999L) / 1_000_000_000L)));
				problem(request, response, ErrorCodes.RATE_LIMITED,
						"The app makes more API calls per second than it may; wait and call again.");
				return;
			}
			request.setAttribute(AppGrant.ATTRIBUTE, grant);
			SecurityContext context = new SecurityContextImpl(
					UsernamePasswordAuthenticationToken.authenticated(grant.owner(), null, List.of()));
			this.contexts.saveContext(context, request, response);
			chain.doFilter(new WithoutAuthorization(request), response);
		}
		finally {
			MDC.remove("deploymentId");
			MDC.remove("app");
		}
	}

	/**
	 * The sensor an app call is about: its id, empty for the list, null when apps may not
	 * make the call.
	 */
	static @Nullable String sensorOf(String method, String path) {
		if (path.equals("/api/sensors")) {
			return method.equals("GET") ? "" : null;
		}
		Matcher matcher = SENSOR_PATH.matcher(path);
		if (!matcher.matches() || matcher.group(1).equals("data:batch")) {
			return null;
		}
		String rest = matcher.group(2);
		boolean allowed = switch (rest) {
			case "", "/data", "/data/latest" -> method.equals("GET");
			case "/commands" -> method.equals("POST");
			// pending is the device's poll, not a command id
			default -> method.equals("GET") && !"pending".equals(matcher.group(3));
		};
		return allowed ? matcher.group(1) : null;
	}

	private static void problem(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
			throws IOException {
		Problems.write(request, response, code, detail);
	}

	/**
	 * The request as the platform's JWT check must see it: the app token is not one of
	 * its tokens.
	 */
	private static final class WithoutAuthorization extends HttpServletRequestWrapper {

		WithoutAuthorization(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.emptyEnumeration()
					: super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(HttpHeaders.AUTHORIZATION::equalsIgnoreCase);
			return Collections.enumeration(names);
		}

	}

}
