package io.iotp.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.iotp.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id, passes it on to the service in
 * {@code X-Correlation-Id} (the services put it in their log context and on the events
 * they publish), answers it to the caller, and writes one access log line per request. A
 * caller's own id is kept when it is a plain token, so a device or script can follow its
 * request through the platform's logs.
 */
@Component
class CorrelationIdFilter implements WebFilter, Ordered {

	static final String HEADER = CorrelationIds.HEADER;

	private final GatewayProperties.AccessLog accessLog;

	CorrelationIdFilter(GatewayProperties properties) {
		this.accessLog = properties.accessLog();
	}

	/**
	 * Before the header size check and the token check, so their refusals carry the id
	 * too.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String id = CorrelationIds.acceptedOrNew(request.getHeaders().getFirst(HEADER));
		ServerWebExchange tagged = exchange.mutate().request(r -> r.headers(h -> h.set(HEADER, id))).build();
		tagged.getResponse().getHeaders().set(HEADER, id);
		String path = request.getPath().value();
		if (!this.accessLog.covers(path)) {
			return chain.filter(tagged);
		}
		long start = System.nanoTime();
		return chain.filter(tagged).doFinally((signal) -> {
			HttpStatusCode status = tagged.getResponse().getStatusCode();
			CorrelationIds.logAccess(id, request.getMethod().name(), path, (status != null) ? status.value() : 0,
					start);
		});
	}

}
