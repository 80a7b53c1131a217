package io.iotp.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.GatewayProperties;
import io.iotp.gateway.auth.BearerCheck;
import io.iotp.gateway.auth.Tokens;
import io.iotp.gateway.web.BrowserPages;
import io.iotp.gateway.web.HeaderSizeFilter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Which requests take the hot path and what becomes of each: app links
 * ({@code /apps/...}) go to app instances, sensors' readings ({@code POST
 * /api/sensors/{id}/data} and {@code /api/sensors/data:batch} with {@code X-Sensor-Key},
 * no token, no query) to sensor-manager, behind the breaker its API route has. Decided
 * before any I/O, so {@link HotPathHandler} only moves bytes.
 */
@Component
class HotPathRoutes {

	/**
	 * Readings a sensor sends with its key; ids with dots or escapes take the ordinary
	 * route.
	 */
	private static final Pattern READING_POSTS = Pattern
		.compile("/api/sensors/(data:batch|[A-Za-z0-9][A-Za-z0-9_-]{0,127}/data)");

	private static final String SENSOR_KEY = "X-Sensor-Key";

	private static final String SENSOR_MANAGER = "sensor-manager";

	private final AppLinks links;

	private final BearerCheck bearer;

	private final ServiceReplicas replicas;

	/** The path sensor-manager's URL may have, which every reading's path goes under. */
	private final String sensorManagerBase;

	private final CircuitBreaker sensorManagerBreaker;

	private final long retryAfterSeconds;

	private final Duration appTimeout;

	private final Duration serviceTimeout;

	HotPathRoutes(AppLinks links, BearerCheck bearer, ServiceTargets targets, ServiceReplicas replicas,
			ServiceBreakers breakers, HttpClientProperties clientProperties, GatewayProperties properties) {
		this.links = links;
		this.bearer = bearer;
		this.replicas = replicas;
		URI sensorManager = targets.of(SENSOR_MANAGER);
		String base = sensorManager.getRawPath();
		this.sensorManagerBase = (base != null) ? base.replaceAll("/+$", "") : "";
		this.sensorManagerBreaker = breakers.breaker(SENSOR_MANAGER);
		this.retryAfterSeconds = breakers.retryAfterSeconds();
		this.appTimeout = (clientProperties.getResponseTimeout() != null) ? clientProperties.getResponseTimeout()
				: properties.responseTimeout();
		this.serviceTimeout = properties.responseTimeout();
	}

	/** Whether the request is one of the hot path's; no side effects. */
	boolean takes(HttpRequest request) {
		String uri = request.uri();
		return uri.startsWith(AppLinks.APPS) || isReading(request);
	}

	/** What to do with a request {@link #takes} says is the hot path's. */
	Decision decide(HttpRequest request, String rawPath, @Nullable String rawQuery) {
		if (HeaderSizeFilter.tooLarge(request.headers())) {
			return Answer.problem(ErrorCodes.REQUEST_TOO_LARGE, HeaderSizeFilter.TOO_LARGE, rawPath);
		}
		return rawPath.startsWith(AppLinks.APPS) ? appLink(request, rawPath, rawQuery) : reading(rawPath, rawQuery);
	}

	private static boolean isReading(HttpRequest request) {
		String uri = request.uri();
		return request.method() == HttpMethod.POST && uri.indexOf('?') < 0 && READING_POSTS.matcher(uri).matches()
				&& request.headers().contains(SENSOR_KEY) && !request.headers().contains(HttpHeaderNames.AUTHORIZATION);
	}

	private Decision appLink(HttpRequest request, String rawPath, @Nullable String rawQuery) {
		return switch (this.links.resolve(rawPath, rawQuery)) {
			case AppLinks.Refuse refuse -> BrowserPages.wantsHtml(request.headers().get(HttpHeaderNames.ACCEPT))
					? Answer.page(refuse.code().status(),
							BrowserPages.appUnavailable(refuse.code().status(), refuse.detail()))
					: Answer.problem(refuse.code(), refuse.detail(), rawPath);
			case AppLinks.Redirect redirect -> {
				if (redirect.login()) {
					try {
						this.bearer.holder(request.headers().get(HttpHeaderNames.AUTHORIZATION));
					}
					catch (BearerCheck.Unauthorized ex) {
						yield Answer.unauthorized(ex, rawPath);
					}
				}
				yield new Answer(HttpResponseStatus.PERMANENT_REDIRECT.code(),
						Map.of(HttpHeaderNames.LOCATION.toString(), redirect.location()), new byte[0]);
			}
			case AppLinks.Forward forward -> {
				@Nullable String user = null;
				if (forward.login()) {
					try {
						Tokens.Principal holder = this.bearer
							.holder(request.headers().get(HttpHeaderNames.AUTHORIZATION));
						user = holder.username();
					}
					catch (BearerCheck.Unauthorized ex) {
						yield Answer.unauthorized(ex, rawPath);
					}
				}
				yield toInstance(forward, user);
			}
		};
	}

	/**
	 * An app link's request to an instance; one that refuses the connection is passed
	 * over for a while and the request goes to the next instance, if there is another.
	 */
	private Forward toInstance(AppLinks.Forward forward, @Nullable String user) {
		return new Forward(forward.instance().getHost(), port(forward.instance()), forward.pathAndQuery(),
				forward.prefix(), user, "the instance of app '" + forward.app() + "'", this.appTimeout, null, () -> {
					AppLinks.Forward next = this.links.passOver(forward);
					return (next != null) ? toInstance(next, user) : null;
				});
	}

	private Decision reading(String rawPath, @Nullable String rawQuery) {
		if (!this.sensorManagerBreaker.tryAcquirePermission()) {
			return Answer.problem(ErrorCodes.SERVICE_UNAVAILABLE,
					"the " + SENSOR_MANAGER
							+ " service is failing; the gateway stops calling it for a few seconds, try again then",
					rawPath, Map.of(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(this.retryAfterSeconds)));
		}
		String pathAndQuery = this.sensorManagerBase + rawPath + ((rawQuery != null) ? "?" + rawQuery : "");
		return toSensorManager(this.replicas.next(SENSOR_MANAGER), pathAndQuery);
	}

	/**
	 * A reading to a replica of sensor-manager; one that refuses the connection is passed
	 * over and the reading goes to the next, if there is another.
	 */
	private Forward toSensorManager(ServiceReplicas.Target target, String pathAndQuery) {
		return new Forward(target.url().getHost(), target.port(), pathAndQuery, null, null,
				"the " + SENSOR_MANAGER + " service", this.serviceTimeout, this.sensorManagerBreaker, () -> {
					this.replicas.refused(target);
					ServiceReplicas.Target next = this.replicas.next(SENSOR_MANAGER);
					return next.url().equals(target.url()) ? null : toSensorManager(next, pathAndQuery);
				});
	}

	/**
	 * The path of a request-target as sent, without its query; {@code null} when it is
	 * not origin-form.
	 */
	static @Nullable String rawPath(String uri) {
		if (!uri.startsWith("/")) {
			return null;
		}
		int query = uri.indexOf('?');
		return (query < 0) ? uri : uri.substring(0, query);
	}

	/** The query of a request-target as sent, if any. */
	static @Nullable String rawQuery(String uri) {
		int query = uri.indexOf('?');
		return (query < 0) ? null : uri.substring(query + 1);
	}

	private static int port(URI target) {
		return (target.getPort() > 0) ? target.getPort() : 80;
	}

	/** The outcome for one request. */
	sealed interface Decision permits Answer, Forward {

	}

	/**
	 * Answer the caller at once.
	 *
	 * @param status the status
	 * @param headers headers besides the framing ones
	 * @param body the body
	 */
	record Answer(int status, Map<String, String> headers, byte[] body) implements Decision {

		static Answer problem(ErrorCode code, String detail, String rawPath) {
			return problem(code, detail, rawPath, Map.of());
		}

		static Answer problem(ErrorCode code, String detail, String rawPath, Map<String, String> headers) {
			Map<String, String> all = new LinkedHashMap<>(headers);
			all.put(HttpHeaderNames.CONTENT_TYPE.toString(), "application/problem+json");
			return new Answer(code.status(), all, GatewayProblems.json(code, detail, rawPath, List.of()));
		}

		static Answer page(int status, byte[] html) {
			return new Answer(status, Map.of(HttpHeaderNames.CONTENT_TYPE.toString(), BrowserPages.CONTENT_TYPE,
					HttpHeaderNames.CACHE_CONTROL.toString(), "no-store"), html);
		}

		static Answer unauthorized(BearerCheck.Unauthorized ex, String rawPath) {
			return problem(ErrorCodes.AUTH_UNAUTHORIZED, ex.getMessage(), rawPath,
					Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), BearerCheck.CHALLENGE));
		}

	}

	/**
	 * Send it on.
	 *
	 * @param host where
	 * @param port at which port
	 * @param pathAndQuery what to ask for there
	 * @param prefix for {@code X-Forwarded-Prefix}, if any
	 * @param user for {@code X-Forwarded-User} instead of the caller's
	 * {@code Authorization}, if any
	 * @param what the target in words, for problems
	 * @param timeout how long it may take to start answering
	 * @param breaker told how the call went, when the target is a platform service (its
	 * permission is already taken)
	 * @param refused asked when the target refuses the connection (the request never
	 * reached it): where to send it instead, or null to give up
	 */
	record Forward(String host, int port, String pathAndQuery, @Nullable String prefix, @Nullable String user,
			String what, Duration timeout, @Nullable CircuitBreaker breaker,
			@Nullable Supplier<@Nullable Forward> refused) implements Decision {

		String hostAndPort() {
			return this.host + ":" + this.port;
		}

	}

}
