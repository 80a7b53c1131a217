package io.iotp.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.GatewayProperties;
import io.iotp.gateway.auth.BearerCheck;
import io.iotp.gateway.auth.Tokens;
import io.iotp.gateway.web.CorrelationIds;
import io.iotp.gateway.web.HeaderSizeFilter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Proxies the platform's two hot paths on Reactor Netty directly, below Spring's web layer: app links
 * ({@code /apps/...}) to app instances, and sensors' readings ({@code POST /api/sensors/{id}/data} and
 * {@code /api/sensors/data:batch} with {@code X-Sensor-Key}) to sensor-manager. Every other request goes
 * on to the web layer unchanged.
 * <p>
 * Why not gateway routes: this traffic is what the platform carries most of, and the route machinery
 * (exchange, web filters, route predicates, a dozen global filters, header filter copies, observations)
 * cost several times what the proxying itself does. What the filters and routes did for these paths is
 * done here: the correlation id, the header size limit, the login of {@code "access": "platform"} apps,
 * sensor-manager's circuit breaker and response timeout, and problem responses. The caller's
 * {@code X-Forwarded-*} and {@code Forwarded} headers are never passed on; the gateway sets its own. A
 * platform app gets the signed-in user's name in {@code X-Forwarded-User} instead of their token, so an
 * app never holds a token it could call the platform API with.
 */
class HotPathProxy implements HttpHandler {

	private static final Logger log = LoggerFactory.getLogger(HotPathProxy.class);

	static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

	static final String FORWARDED_USER = "X-Forwarded-User";

	/** Headers of one connection (RFC 9110 §7.6.1) and forwarding headers a caller may not choose. */
	private static final Set<String> NOT_PASSED_ON = Set.of("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto",
			"x-forwarded-prefix", "x-forwarded-user", "x-correlation-id");

	private static final Set<String> NOT_ANSWERED = Set.of("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "x-correlation-id");

	/** Readings a sensor sends with its key; ids with dots or escapes take the ordinary route. */
	private static final Pattern READING_POSTS = Pattern
		.compile("/api/sensors/(data:batch|[A-Za-z0-9][A-Za-z0-9_-]{0,127}/data)");

	private static final String SENSOR_KEY = "X-Sensor-Key";

	private static final String SENSOR_MANAGER = "sensor-manager";

	private final HttpHandler next;

	private final AppLinks links;

	private final BearerCheck bearer;

	private final HttpClient appClient;

	private final HttpClient serviceClient;

	private final String sensorManager;

	private final CircuitBreaker sensorManagerBreaker;

	private final long retryAfterSeconds;

	private final GatewayProperties.AccessLog accessLog;

	/**
	 * @param appTimeout how long an app instance may take to start answering
	 * @param serviceTargets where sensor-manager is
	 * @param breakers sensor-manager's breaker is the one its API route has
	 */
	HotPathProxy(HttpHandler next, AppLinks links, BearerCheck bearer, HttpClient client, Duration appTimeout,
			ServiceTargets serviceTargets, ServiceBreakers breakers, GatewayProperties properties) {
		this.next = next;
		this.links = links;
		this.bearer = bearer;
		this.appClient = client.responseTimeout(appTimeout);
		this.serviceClient = client.responseTimeout(properties.responseTimeout());
		this.sensorManager = serviceTargets.of(SENSOR_MANAGER).toString().replaceAll("/+$", "");
		this.sensorManagerBreaker = breakers.breaker(SENSOR_MANAGER);
		this.retryAfterSeconds = breakers.retryAfterSeconds();
		this.accessLog = properties.accessLog();
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		String rawPath = request.getURI().getRawPath();
		boolean appLink = rawPath != null && rawPath.startsWith(AppLinks.APPS);
		if (rawPath == null || !(appLink || isReading(request, rawPath))
				|| !(request instanceof AbstractServerHttpRequest nativeRequest)
				|| !(response instanceof AbstractServerHttpResponse nativeResponse)) {
			return this.next.handle(request, response);
		}
		HttpServerRequest in = nativeRequest.getNativeRequest();
		HttpServerResponse out = nativeResponse.getNativeResponse();
		String id = CorrelationIds.acceptedOrNew(in.requestHeaders().get(CorrelationIds.HEADER));
		out.header(CorrelationIds.HEADER, id);
		Mono<Void> answer;
		if (headerBytes(in.requestHeaders()) > HeaderSizeFilter.MAX_BYTES) {
			answer = problem(out, rawPath, ErrorCodes.REQUEST_TOO_LARGE,
					"the request headers exceed " + HeaderSizeFilter.MAX_BYTES / 1024 + " KB");
		}
		else {
			answer = appLink ? appLink(in, out, rawPath, request.getURI().getRawQuery(), id) : reading(in, out, rawPath, id);
		}
		if (!this.accessLog.covers(rawPath)) {
			return answer;
		}
		long start = System.nanoTime();
		return answer.doFinally((signal) -> CorrelationIds.logAccess(id, in.method().name(), rawPath,
				out.status().code(), start));
	}

	/** A sensor's own reading: its key, which sensor-manager checks, and no token; no query either. */
	private static boolean isReading(ServerHttpRequest request, String rawPath) {
		return request.getMethod() == org.springframework.http.HttpMethod.POST && request.getURI().getRawQuery() == null
				&& READING_POSTS.matcher(rawPath).matches() && request.getHeaders().containsHeader(SENSOR_KEY)
				&& !request.getHeaders().containsHeader(HttpHeaderNames.AUTHORIZATION.toString());
	}

	private Mono<Void> appLink(HttpServerRequest in, HttpServerResponse out, String rawPath, @Nullable String rawQuery,
			String id) {
		return switch (this.links.resolve(rawPath, rawQuery)) {
			case AppLinks.Refuse refuse -> problem(out, rawPath, refuse.code(), refuse.detail());
			case AppLinks.Redirect redirect -> {
				if (redirect.login()) {
					try {
						this.bearer.holder(in.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
					}
					catch (BearerCheck.Unauthorized ex) {
						yield unauthorized(out, rawPath, ex);
					}
				}
				yield out.status(HttpResponseStatus.PERMANENT_REDIRECT)
					.header(HttpHeaderNames.LOCATION, redirect.location())
					.send();
			}
			case AppLinks.Forward forward -> {
				@Nullable String user = null;
				if (forward.login()) {
					try {
						Tokens.Principal holder = this.bearer
							.holder(in.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
						user = holder.username();
					}
					catch (BearerCheck.Unauthorized ex) {
						yield unauthorized(out, rawPath, ex);
					}
				}
				String what = "the instance of app '" + forward.app() + "'";
				yield forward(in, out, rawPath, forward.target(), forward.prefix(), user, id, this.appClient, what,
						(status) -> {
						}, (ex) -> {
						});
			}
		};
	}

	/** To sensor-manager, behind the same breaker as its API route. */
	private Mono<Void> reading(HttpServerRequest in, HttpServerResponse out, String rawPath, String id) {
		CircuitBreaker breaker = this.sensorManagerBreaker;
		if (!breaker.tryAcquirePermission()) {
			out.header(HttpHeaderNames.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
			return problem(out, rawPath, ErrorCodes.SERVICE_UNAVAILABLE, "the " + SENSOR_MANAGER
					+ " service is failing; the gateway stops calling it for a few seconds, try again then");
		}
		long start = System.nanoTime();
		return forward(in, out, rawPath, URI.create(this.sensorManager + rawPath), null, null, id, this.serviceClient,
				"the " + SENSOR_MANAGER + " service", (status) -> {
					if (status == 502 || status == 503 || status == 504) {
						breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
								new IllegalStateException(SENSOR_MANAGER + " answered " + status));
					}
					else {
						breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					}
				}, (ex) -> {
					if (ServiceBreakers.countsAsFailure(ex)) {
						breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
					}
					else {
						breaker.releasePermission();
					}
				})
			.doOnCancel(breaker::releasePermission);
	}

	/**
	 * Sends the request on and streams the answer back.
	 *
	 * @param prefix for {@code X-Forwarded-Prefix}, if any
	 * @param user for {@code X-Forwarded-User} instead of the caller's {@code Authorization}, if any
	 * @param what the target in words, for problems
	 * @param answered told the status once the target answers
	 * @param failed told why, when it never answered
	 */
	private Mono<Void> forward(HttpServerRequest in, HttpServerResponse out, String rawPath, URI target,
			@Nullable String prefix, @Nullable String user, String id, HttpClient client, String what,
			IntConsumer answered, Consumer<Throwable> failed) {
		HttpHeaders headers = new DefaultHttpHeaders(false);
		for (Map.Entry<String, String> header : in.requestHeaders()) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (!NOT_PASSED_ON.contains(name) && !(user != null && name.equals("authorization"))) {
				headers.add(header.getKey(), header.getValue());
			}
		}
		if (prefix != null) {
			headers.set(FORWARDED_PREFIX, prefix);
		}
		headers.set(CorrelationIds.HEADER, id);
		forwardedFrom(in, headers);
		if (user != null) {
			headers.set(FORWARDED_USER, user);
		}
		return client.request(HttpMethod.valueOf(in.method().name()))
			.uri(target)
			.send((proxied, body) -> {
				proxied.headers(headers);
				return body.send(in.receive().retain());
			})
			.responseConnection((answer, connection) -> {
				answered.accept(answer.status().code());
				out.status(answer.status());
				HttpHeaders answerHeaders = out.responseHeaders();
				for (Map.Entry<String, String> header : answer.responseHeaders()) {
					if (!NOT_ANSWERED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
						answerHeaders.add(header.getKey(), header.getValue());
					}
				}
				return out.send(connection.inbound().receive().retain());
			})
			.then()
			.onErrorResume((ex) -> {
				failed.accept(ex);
				return failed(out, rawPath, target, what, ex);
			});
	}

	/** The target could not be reached or did not answer: a problem, if nothing was answered yet. */
	private Mono<Void> failed(HttpServerResponse out, String rawPath, URI target, String what, Throwable ex) {
		if (out.hasSentHeaders()) {
			log.debug("answer from {} cut short: {}", target, ex.toString());
			return Mono.error(ex);
		}
		if (GatewayProblems.causedBy(ex, ConnectException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_UNAVAILABLE, what + " is not reachable");
		}
		if (GatewayProblems.causedBy(ex, ReadTimeoutException.class)
				|| GatewayProblems.causedBy(ex, TimeoutException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_TIMEOUT, what + " did not answer in time");
		}
		if (GatewayProblems.causedBy(ex, PrematureCloseException.class)
				|| GatewayProblems.causedBy(ex, IOException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_UNAVAILABLE,
					what + " closed the connection before it answered");
		}
		log.error("proxying to {} failed", target, ex);
		return problem(out, rawPath, ErrorCodes.INTERNAL, "the gateway failed on this request");
	}

	/** Who asked, as the gateway saw it; the caller's own claims were dropped. */
	private static void forwardedFrom(HttpServerRequest in, HttpHeaders headers) {
		SocketAddress remote = in.remoteAddress();
		if (remote instanceof InetSocketAddress address && address.getAddress() != null) {
			headers.set("X-Forwarded-For", address.getAddress().getHostAddress());
		}
		headers.set("X-Forwarded-Proto", in.scheme());
		String host = in.requestHeaders().get(HttpHeaderNames.HOST);
		if (host != null) {
			headers.set("X-Forwarded-Host", host);
		}
	}

	private static long headerBytes(HttpHeaders headers) {
		long size = 0;
		for (Map.Entry<String, String> header : headers) {
			size += header.getKey().length() + header.getValue().length() + 4;
		}
		return size;
	}

	private static Mono<Void> unauthorized(HttpServerResponse out, String rawPath, BearerCheck.Unauthorized ex) {
		log.debug("refused a token for {}: {}", rawPath, ex.reason());
		out.header(HttpHeaderNames.WWW_AUTHENTICATE, BearerCheck.CHALLENGE);
		return problem(out, rawPath, ErrorCodes.AUTH_UNAUTHORIZED, ex.getMessage());
	}

	private static Mono<Void> problem(HttpServerResponse out, String rawPath, ErrorCode code, String detail) {
		byte[] body = GatewayProblems.json(code, detail, rawPath, List.of());
		return out.status(code.status())
			.header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

}
