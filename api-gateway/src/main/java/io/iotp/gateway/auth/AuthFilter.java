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
import io.iotp.gateway.routing.AppRegistry;
import io.iotp.gateway.routing.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * The token check in front of every {@code /api/**} path except the public ones, and in front of the
 * links of apps deployed with {@code "access": "platform"}: a valid, unrevoked token within its call
 * rate, else 401 (or 429). Devices (sensor key) and apps (app token, on the sensor calls an app may
 * make; 403 elsewhere) pass without one: sensor-manager checks those. The {@code Authorization} header
 * goes on to the service unchanged, which checks the token again itself; the holder is left in the
 * exchange for the gateway's own endpoints.
 */
@Component
class AuthFilter implements WebFilter, Ordered {

	/** The exchange attribute holding the {@link Tokens.Principal} of a checked request. */
	static final String PRINCIPAL = AuthFilter.class.getName() + ".principal";

	private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);

	private static final String BEARER = "Bearer ";

	private static final String SENSOR_KEY = "X-Sensor-Key";

	private static final Pattern DEVICE_POSTS = Pattern
		.compile("/api/sensors/(data:batch|[^/]+/data|[^/]+/commands/[^/]+/ack)");

	private static final Pattern DEVICE_GETS = Pattern.compile("/api/sensors/[^/]+/commands/pending");

	/** The prefix of an app-scoped token ({@code IOTP_API_TOKEN}), which sensor-manager issues and checks. */
	private static final String APP_TOKEN = "iotp_app_";

	private static final Pattern APP_GETS = Pattern
		.compile("/api/sensors(/[^/]+(/data|/data/latest|/commands/[^/]+)?)?");

	private static final Pattern APP_POSTS = Pattern.compile("/api/sensors/[^/]+/commands");

	private final Tokens tokens;

	private final RevokedTokens revoked;

	private final TokenBuckets buckets;

	private final AppRegistry apps;

	AuthFilter(Tokens tokens, RevokedTokens revoked, TokenBuckets buckets, AppRegistry apps) {
		this.tokens = tokens;
		this.revoked = revoked;
		this.buckets = buckets;
		this.apps = apps;
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
			// sensor-manager checks the app token (and the sensor) itself; elsewhere it is worth nothing
			return isAppCall(exchange.getRequest(), path) ? chain.filter(exchange)
					: GatewayProblems.write(exchange, ErrorCodes.AUTH_FORBIDDEN,
							"an app token may only read the app's bound sensors and send them commands");
		}
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return unauthorized(exchange, "this needs a token: send Authorization: Bearer <token>");
		}
		Tokens.Principal principal;
		try {
			principal = this.tokens.verify(header.substring(BEARER.length()).trim());
		}
		catch (Tokens.InvalidTokenException ex) {
			log.debug("refused a token for {}: {}", path, ex.getMessage());
			return unauthorized(exchange, "the token is invalid or expired");
		}
		if (this.revoked.isRevoked(principal.jti())) {
			return unauthorized(exchange, "the token was revoked by a logout");
		}
		// The limit is on platform API calls; an app's own traffic (its link) is the app's business.
		Optional<Duration> wait = path.startsWith("/api/") ? this.buckets.take(principal.jti()) : Optional.empty();
		if (wait.isPresent()) {
			return Mono.error(new RateLimitedException("more than the allowed API calls per second with this token",
					wait.get()));
		}
		exchange.getAttributes().put(PRINCIPAL, principal);
		return chain.filter(exchange);
	}

	private boolean needsToken(String path) {
		if (path.startsWith("/api/")) {
			return !(path.equals("/api/auth/register") || path.equals("/api/auth/login")
					|| path.equals("/api/auth/jwks") || path.equals("/api/docs") || path.equals("/api/contracts")
					|| path.startsWith("/api/contracts/"));
		}
		if (path.startsWith("/apps/")) {
			String rest = path.substring("/apps/".length());
			int slash = rest.indexOf('/');
			return this.apps.requiresLogin((slash < 0) ? rest : rest.substring(0, slash));
		}
		return false;
	}

	/**
	 * A sensor's own call (send readings, poll and acknowledge commands): it carries the sensor's key,
	 * which sensor-manager checks, and no token.
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
	 * A deployed app's call with its app token: reading its sensors, their data and commands, and sending
	 * them commands. Not the device's poll ({@code commands/pending}), which takes a sensor key.
	 */
	private static boolean isAppCall(ServerHttpRequest request, String path) {
		return (request.getMethod() == HttpMethod.GET && APP_GETS.matcher(path).matches()
				&& !path.endsWith("/commands/pending"))
				|| (request.getMethod() == HttpMethod.POST && APP_POSTS.matcher(path).matches());
	}

	/** Paths a service might read differently from the gateway, e.g. {@code /api/contracts/../users}. */
	private static boolean ambiguous(String rawPath) {
		String lower = rawPath.toLowerCase(Locale.ROOT);
		return lower.contains("/./") || lower.contains("/../") || lower.endsWith("/..") || lower.endsWith("/.")
				|| lower.contains("//") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
				|| lower.contains("\\") || lower.contains(";") || lower.contains("%00");
	}

	private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"iotp\"");
		return GatewayProblems.write(exchange, ErrorCodes.AUTH_UNAUTHORIZED, detail);
	}

}
