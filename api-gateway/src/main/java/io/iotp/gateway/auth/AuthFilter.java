package io.iotp.gateway.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.routing.GatewayProblems;
import io.iotp.starter.ratelimit.TokenBuckets;
import reactor.core.publisher.Mono;

/**
 * The token check in front of every {@code /api/**} path except the public ones: a valid,
 * unrevoked token within its call rate, else 401 (or 429). App links are checked by
 * routing.HotPathHandler. Devices (sensor key) and apps (app token, on the sensor calls
 * an app may make; 403 elsewhere) pass without one: sensor-manager checks those. The
 * {@code Authorization} header goes on to the service unchanged, which checks the token
 * again itself; the holder is left in the exchange for the gateway's own endpoints.
 */
@Component
class AuthFilter implements WebFilter, Ordered {

	/**
	 * The exchange attribute holding the {@link Tokens.Principal} of a checked request.
	 */
	static final String PRINCIPAL = AuthFilter.class.getName() + ".principal";

	private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);

	private static final String BEARER = "Bearer ";

	private static final String SENSOR_KEY = "X-Sensor-Key";

	private static final Pattern DEVICE_POSTS = Pattern
		.compile("/api/sensors/(data:batch|[^/]+/data|[^/]+/commands/[^/]+/ack)");

	private static final Pattern DEVICE_GETS = Pattern.compile("/api/sensors/[^/]+/commands/pending");

	/**
	 * The prefix of an app-scoped token ({@code IOTP_API_TOKEN}), which sensor-manager
	 * issues and checks.
	 */
	private static final String APP_TOKEN = "iotp_app_";

	private static final Pattern APP_GETS = Pattern
		.compile("/api/sensors(/[^/]+(/data|/data/latest|/commands/[^/]+)?)?");

	private static final Pattern APP_POSTS = Pattern.compile("/api/sensors/[^/]+/commands");

	private final BearerCheck bearer;

	private final TokenBuckets buckets;

	AuthFilter(BearerCheck bearer, TokenBuckets buckets) {
		this.bearer = bearer;
		this.buckets = buckets;
	}

	/** Early, so nothing is routed or read before the caller is known. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.startsWith("/api/") && ambiguous(exchange.getRequest().getURI().getRawPath())) {
			return GatewayProblems.write(exchange, ErrorCodes.REQUEST_MALFORMED,
					"the path has dot segments, empty segments or encoded separators");
		}
		if (!needsToken(path) || isDeviceCall(exchange.getRequest(), path)) {
			return chain.filter(exchange);
		}
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (isAppToken(header)) {
			// sensor-manager checks the app token (and the sensor) itself; elsewhere it
			// is worth nothing
			return isAppCall(exchange.getRequest(), path) ? chain.filter(exchange)
					: GatewayProblems.write(exchange, ErrorCodes.AUTH_FORBIDDEN,
							"an app token may only read the app's bound sensors and send them commands");
		}
		Tokens.Principal principal;
		try {
			principal = this.bearer.holder(header);
		}
		catch (BearerCheck.Unauthorized ex) {
			log.debug("refused a token for {}: {}", path, ex.reason());
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, BearerCheck.CHALLENGE);
			return GatewayProblems.write(exchange, ErrorCodes.AUTH_UNAUTHORIZED, ex.getMessage());
		}
		Optional<Duration> wait = this.buckets.take(principal.jti());
		if (wait.isPresent()) {
			return Mono.error(
					new RateLimitedException("more than the allowed API calls per second with this token", wait.get()));
		}
		exchange.getAttributes().put(PRINCIPAL, principal);
		return chain.filter(exchange);
	}

	/**
	 * App links never get here: routing.HotPathHandler checks the login of platform apps
	 * itself.
	 */
	private static boolean needsToken(String path) {
		return path.startsWith("/api/") && !(path.equals("/api/auth/register") || path.equals("/api/auth/login")
				|| path.equals("/api/auth/jwks") || path.equals("/api/docs") || path.equals("/api/contracts")
				|| path.startsWith("/api/contracts/"));
	}

	/**
	 * A sensor's own call (send readings, poll and acknowledge commands): it carries the
	 * sensor's key, which sensor-manager checks, and no token.
	 */
	private static boolean isDeviceCall(ServerHttpRequest request, String path) {
		HttpHeaders headers = request.getHeaders();
		if (!headers.containsHeader(SENSOR_KEY) || headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
			return false;
		}
		return (request.getMethod() == HttpMethod.POST && DEVICE_POSTS.matcher(path).matches())
				|| (request.getMethod() == HttpMethod.GET && DEVICE_GETS.matcher(path).matches());
	}

	private static boolean isAppToken(@Nullable String header) {
		return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				&& header.substring(BEARER.length()).trim().startsWith(APP_TOKEN);
	}

	/**
	 * A deployed app's call with its app token: reading its sensors, their data and
	 * commands, and sending them commands. Not the device's poll
	 * ({@code commands/pending}), which takes a sensor key.
	 */
	private static boolean isAppCall(ServerHttpRequest request, String path) {
		return (request.getMethod() == HttpMethod.GET && APP_GETS.matcher(path).matches()
				&& !path.endsWith("/commands/pending"))
				|| (request.getMethod() == HttpMethod.POST && APP_POSTS.matcher(path).matches());
	}

	/**
	 * Paths a service might read differently from the gateway, e.g.
	 * {@code /api/contracts/../users}.
	 */
	private static boolean ambiguous(String rawPath) {
		String lower = rawPath.toLowerCase(Locale.ROOT);
		return lower.contains("/./") || lower.contains("/../") || lower.endsWith("/..") || lower.endsWith("/.")
				|| lower.contains("//") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
				|| lower.contains("\\") || lower.contains(";") || lower.contains("%00");
	}

}
