package io.iotp.gateway.routing;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts {@code X-Forwarded-Prefix} on the proxied request. It runs last among the header filters:
 * the gateway drops incoming {@code X-Forwarded-*} headers from untrusted clients, and the prefix
 * must survive that (and must never be a client's own).
 */
@Component
class ForwardedPrefixHeader implements HttpHeadersFilter, Ordered {

	static final String ATTRIBUTE = ForwardedPrefixHeader.class.getName() + ".prefix";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String prefix = exchange.getAttribute(ATTRIBUTE);
		if (prefix == null) {
			return input;
		}
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(input);
		headers.set(AppRoutingFilter.FORWARDED_PREFIX, prefix);
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
