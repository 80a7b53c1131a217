package io.iotp.gateway.routing;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.iotp.gateway.web.CorrelationIds;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * The headers of the hot path's proxying, both ways: what a target gets of the caller's
 * request (and which forwarding headers the gateway sets instead of the caller), and what
 * the caller gets of the target's answer. Both are changed in place, not copied.
 */
final class ForwardedHeaders {

	private static final AsciiString CORRELATION_ID = AsciiString.cached(CorrelationIds.HEADER);

	private static final AsciiString FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");

	private static final AsciiString FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");

	private static final AsciiString FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");

	private static final AsciiString FORWARDED_PREFIX = AsciiString.cached("X-Forwarded-Prefix");

	private static final AsciiString FORWARDED_USER = AsciiString.cached("X-Forwarded-User");

	private static final AsciiString HTTP = AsciiString.cached("http");

	/**
	 * Headers of one connection (RFC 9110 §7.6.1) and forwarding headers a caller may not
	 * choose.
	 */
	private static final List<AsciiString> NOT_PASSED_ON = names("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"expect", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto",
			"x-forwarded-prefix", "x-forwarded-user", "x-correlation-id");

	private static final List<AsciiString> NOT_ANSWERED = names("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "x-correlation-id");

	private ForwardedHeaders() {
	}

	/**
	 * The caller's request, made the target's: its own path, the caller's headers but
	 * those of the connection and the forwarding ones, and the gateway's forwarding
	 * headers. The request object is reused rather than copied, so whatever else is
	 * needed of the original must be read before.
	 * @param id the request's correlation id
	 * @param caller the caller's address, for {@code X-Forwarded-For}
	 */
	static HttpRequest toTarget(HttpRequest request, HotPathRoutes.Forward to, String id,
			@Nullable SocketAddress caller) {
		HttpHeaders headers = request.headers();
		boolean chunked = HttpUtil.isTransferEncodingChunked(request);
		String host = headers.get(HttpHeaderNames.HOST);
		for (AsciiString name : NOT_PASSED_ON) {
			headers.remove(name);
		}
		if (to.user() != null) {
			headers.remove(HttpHeaderNames.AUTHORIZATION);
			headers.set(FORWARDED_USER, to.user());
		}
		headers.set(HttpHeaderNames.HOST, to.hostAndPort());
		if (chunked) {
			headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
		}
		if (to.prefix() != null) {
			headers.set(FORWARDED_PREFIX, to.prefix());
		}
		headers.set(CORRELATION_ID, id);
		if (caller instanceof InetSocketAddress address && address.getAddress() != null) {
			headers.set(FORWARDED_FOR, address.getAddress().getHostAddress());
		}
		headers.set(FORWARDED_PROTO, HTTP);
		if (host != null) {
			headers.set(FORWARDED_HOST, host);
		}
		request.setUri(to.pathAndQuery());
		request.setProtocolVersion(HttpVersion.HTTP_1_1);
		return request;
	}

	/**
	 * The target's answer headers, made the caller's: without the target's connection
	 * headers, with the id.
	 */
	static void toCaller(HttpHeaders headers, String id) {
		for (AsciiString name : NOT_ANSWERED) {
			headers.remove(name);
		}
		headers.set(CORRELATION_ID, id);
	}

	private static List<AsciiString> names(String... names) {
		return Arrays.stream(names).map(AsciiString::cached).toList();
	}

}
