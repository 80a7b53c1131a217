package io.iotp.gateway.routing;

import java.net.ConnectException;
import java.net.URI;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;

/**
 * Sends each API call to a replica of its service ({@link ServiceReplicas}) in place of
 * the route's configured address. A replica that refuses the connection never saw the
 * call, so the call goes to the next one, whatever its method, up to {@value #ATTEMPTS}
 * tries.
 */
@Component
class ReplicaBalancing implements GlobalFilter, Ordered {

	private static final int ATTEMPTS = 3;

	private final ServiceReplicas replicas;

	private final ServiceTargets targets;

	ReplicaBalancing(ServiceReplicas replicas, ServiceTargets targets) {
		this.replicas = replicas;
		this.targets = targets;
	}

	/** Right after the route's address is put on the request. */
	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		URI requestUrl = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (route == null || requestUrl == null || !this.targets.routes(route.getId())) {
			return chain.filter(exchange);
		}
		return call(exchange, chain, route.getId(), requestUrl, ATTEMPTS);
	}

	private Mono<Void> call(ServerWebExchange exchange, GatewayFilterChain chain, String service, URI requestUrl,
			int attemptsLeft) {
		ServiceReplicas.Target target = this.replicas.next(service);
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
					UriComponentsBuilder.fromUri(requestUrl)
						.host(target.url().getHost())
						.port(target.port())
						.build(true)
						.toUri());
		return chain.filter(exchange).onErrorResume(ReplicaBalancing::refused, (ex) -> {
			this.replicas.refused(target);
			if (attemptsLeft <= 1 || target.replica() == null || exchange.getResponse().isCommitted()) {
				return Mono.error(ex);
			}
			ServerWebExchangeUtils.reset(exchange);
			return call(exchange, chain, service, requestUrl, attemptsLeft - 1);
		});
	}

	/** Whether the error says the target refused the connection (the call never left). */
	static boolean refused(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

}
