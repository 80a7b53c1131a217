package io.iotp.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

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
 * Proxies app links ({@code /apps/...}) to app instances on Reactor Netty directly, below Spring's web
 * layer; every other request goes on to it unchanged.
 * <p>
 * Why not a gateway route: app traffic is the platform's hot path, and the route machinery (exchange,
 * web filters, route predicates, a dozen global filters, header filter copies, observations) cost
 * several times what the proxying itself does. What the filters did for app links is done here: the
 * correlation id, the header size limit, the login of {@code "access": "platform"} apps, and problem
 * responses. The caller's {@code X-Forwarded-*} and {@code Forwarded} headers are never passed on; the
 * gateway sets its own. A platform app gets the signed-in user's name in {@code X-Forwarded-User}
 * instead of their token, so an app never holds a token it could call the platform API with.
 */
class AppLinkProxy implements HttpHandler {

	private static final Logger log = LoggerFactory.getLogger(AppLinkProxy.class);

	static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

	static final String FORWARDED_USER = "X-Forwarded-User";

	/** Headers of one connection (RFC 9110 §7.6.1) and forwarding headers a caller may not choose. */
	private static final Set<String> NOT_PASSED_ON = Set.of("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto",
			"x-forwarded-prefix", "x-forwarded-user", "x-correlation-id");

	private static final Set<String> NOT_ANSWERED = Set.of("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "x-correlation-id");

	private final HttpHandler next;

	private final AppLinks links;

	private final BearerCheck bearer;

	private final HttpClient client;

	private final GatewayProperties.AccessLog accessLog;

	AppLinkProxy(HttpHandler next, AppLinks links, BearerCheck bearer, HttpClient client, Duration responseTimeout,
			GatewayProperties.AccessLog accessLog) {
		this.next = next;
		this.links = links;
		this.bearer = bearer;
		this.client = client.responseTimeout(responseTimeout);
		this.accessLog = accessLog;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		String rawPath = request.getURI().getRawPath();
		if (rawPath == null || !rawPath.startsWith(AppLinks.APPS)
				|| !(request instanceof AbstractServerHttpRequest nativeRequest)
				|| !(response instanceof AbstractServerHttpResponse nativeResponse)) {
			return this.next.handle(request, response);
		}
		HttpServerRequest in = nativeRequest.getNativeRequest();
		HttpServerResponse out = nativeResponse.getNativeResponse();
		String id = CorrelationIds.acceptedOrNew(in.requestHeaders().get(CorrelationIds.HEADER));
		out.header(CorrelationIds.HEADER, id);
		Mono<Void> answer = answer(in, out, rawPath, request.getURI().getRawQuery(), id);
		if (!this.accessLog.covers(rawPath)) {
			return answer;
		}
		long start = System.nanoTime();
		return answer.doFinally((signal) -> CorrelationIds.logAccess(id, in.method().name(), rawPath,
				out.status().code(), start));
	}

	private Mono<Void> answer(HttpServerRequest in, HttpServerResponse out, String rawPath, @Nullable String rawQuery,
			String id) {
		if (headerBytes(in.requestHeaders()) > HeaderSizeFilter.MAX_BYTES) {
			return problem(out, rawPath, ErrorCodes.REQUEST_TOO_LARGE,
					"the request headers exceed " + HeaderSizeFilter.MAX_BYTES / 1024 + " KB");
		}
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
				yield forward(in, out, rawPath, forward, user, id);
			}
		};
	}

	private Mono<Void> forward(HttpServerRequest in, HttpServerResponse out, String rawPath,
			AppLinks.Forward forward, @Nullable String user, String id) {
		HttpHeaders headers = new DefaultHttpHeaders(false);
		for (Map.Entry<String, String> header : in.requestHeaders()) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (!NOT_PASSED_ON.contains(name) && !(user != null && name.equals("authorization"))) {
				headers.add(header.getKey(), header.getValue());
			}
		}
		headers.set(FORWARDED_PREFIX, forward.prefix());
		headers.set(CorrelationIds.HEADER, id);
		forwardedFrom(in, headers);
		if (user != null) {
			headers.set(FORWARDED_USER, user);
		}
		return this.client.request(HttpMethod.valueOf(in.method().name()))
			.uri(forward.target())
			.send((proxied, body) -> {
				proxied.headers(headers);
				return body.send(in.receive().retain());
			})
			.responseConnection((answer, connection) -> {
				out.status(answer.status());
				HttpHeaders answered = out.responseHeaders();
				for (Map.Entry<String, String> header : answer.responseHeaders()) {
					if (!NOT_ANSWERED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
						answered.add(header.getKey(), header.getValue());
					}
				}
				return out.send(connection.inbound().receive().retain());
			})
			.then()
			.onErrorResume((ex) -> failed(out, rawPath, forward, ex));
	}

	/** The instance could not be reached or did not answer: a problem, if nothing was answered yet. */
	private Mono<Void> failed(HttpServerResponse out, String rawPath, AppLinks.Forward forward, Throwable ex) {
		if (out.hasSentHeaders()) {
			log.debug("[app {}] answer from {} cut short: {}", forward.app(), forward.target(), ex.toString());
			return Mono.error(ex);
		}
		if (GatewayProblems.causedBy(ex, ConnectException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_UNAVAILABLE,
					"the instance of app '" + forward.app() + "' is not reachable");
		}
		if (GatewayProblems.causedBy(ex, ReadTimeoutException.class)
				|| GatewayProblems.causedBy(ex, TimeoutException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_TIMEOUT,
					"app '" + forward.app() + "' did not answer in time");
		}
		if (GatewayProblems.causedBy(ex, PrematureCloseException.class)
				|| GatewayProblems.causedBy(ex, IOException.class)) {
			return problem(out, rawPath, ErrorCodes.SERVICE_UNAVAILABLE,
					"the instance of app '" + forward.app() + "' closed the connection before it answered");
		}
		log.error("[app {}] proxying to {} failed", forward.app(), forward.target(), ex);
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
