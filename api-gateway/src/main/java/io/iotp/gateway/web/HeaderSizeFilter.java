package io.iotp.gateway.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.routing.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Refuses requests with more than {@link #MAX_BYTES} of headers as a problem. The server
 * itself accepts up to {@code server.max-http-request-header-size} (set higher), so
 * oversized headers up to that get a proper problem response here instead of the server's
 * bare one. The hot path's requests never reach this filter; it checks them with
 * {@link #tooLarge(Iterable)} and {@link #TOO_LARGE}, so both paths count and word the
 * limit alike.
 */
@Component
public class HeaderSizeFilter implements WebFilter, Ordered {

	public static final int MAX_BYTES = 16 * 1024;

	/** What a refused request is told. */
	public static final String TOO_LARGE = "the request headers exceed " + MAX_BYTES / 1024 + " KB";

	/** Right after the correlation id is given, so even this refusal carries one. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (tooLarge(exchange.getRequest().getHeaders())) {
			return GatewayProblems.write(exchange, ErrorCodes.REQUEST_TOO_LARGE, TOO_LARGE);
		}
		return chain.filter(exchange);
	}

	/**
	 * Whether header lines, one entry each (as Netty holds them), are more than
	 * {@link #MAX_BYTES}.
	 */
	public static boolean tooLarge(Iterable<Map.Entry<String, String>> lines) {
		long size = 0;
		for (Map.Entry<String, String> line : lines) {
			size += lineBytes(line.getKey(), line.getValue());
		}
		return size > MAX_BYTES;
	}

	/**
	 * The same for Spring's headers, one entry per name with all its values (walked
	 * without copying them).
	 */
	static boolean tooLarge(HttpHeaders headers) {
		long size = 0;
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			for (String value : header.getValue()) {
				size += lineBytes(header.getKey(), value);
			}
		}
		return size > MAX_BYTES;
	}

	/** A header line as it came: the name, ": ", the value and CRLF. */
	private static long lineBytes(String name, String value) {
		return name.length() + value.length() + 4;
	}

}
