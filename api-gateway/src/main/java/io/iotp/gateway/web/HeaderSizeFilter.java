package io.iotp.gateway.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.routing.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Refuses requests with more than {@link #MAX_BYTES} of headers as a problem. The server itself accepts
 * up to {@code server.max-http-request-header-size} (set higher), so oversized headers up to that get a
 * proper problem response here instead of the server's bare one.
 */
@Component
public class HeaderSizeFilter implements WebFilter, Ordered {

	public static final int MAX_BYTES = 16 * 1024;

	/** Right after the correlation id is given, so even this refusal carries one. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long size = 0;
		for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().headerSet()) {
			for (String value : header.getValue()) {
				size += header.getKey().length() + value.length() + 4;
			}
		}
		if (size > MAX_BYTES) {
			return GatewayProblems.write(exchange, ErrorCodes.REQUEST_TOO_LARGE,
					"the request headers exceed " + MAX_BYTES / 1024 + " KB");
		}
		return chain.filter(exchange);
	}

}
