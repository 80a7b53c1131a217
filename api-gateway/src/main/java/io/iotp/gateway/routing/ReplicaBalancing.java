package io.iotp.gateway.routing;

import java.net.ConnectException;
import java.net.URI;
import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;

/**
 * Sends each API call to a replica of its service ({@link ServiceReplicas}) in place of
 * the route's configured address. A replica that refuses the connection never saw the
 * call, so the call goes to the next one, whatever its method; one that hangs up before
 * it answers (killed in the middle) gets its call retried on the next only when the call
 * may be made twice (GET, HEAD, OPTIONS). Either way the replica is passed over until it
 * is heard from again; up to {@value #ATTEMPTS} tries.
 */
@Component
class ReplicaBalancing implements GlobalFilter, Ordered {

	private static final int ATTEMPTS = 3;

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

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
		boolean idempotent = IDEMPOTENT.contains(exchange.getRequest().getMethod());
		return chain.filter(exchange).onErrorResume((ex) -> goneBefore(ex, idempotent), (ex) -> {
			this.replicas.refused(target);
			if (attemptsLeft <= 1 || target.replica() == null || exchange.getResponse().isCommitted()) {
				return Mono.error(ex);
			}
			ServerWebExchangeUtils.reset(exchange);
			return call(exchange, chain, service, requestUrl, attemptsLeft - 1);
		});
	}

	/**
	 * Whether the replica is gone and the call may go to another: it refused the
	 * connection, or hung up before answering a call that may be made twice.
	 */
	private static boolean goneBefore(Throwable ex, boolean idempotent) {
		GatewayProblems.TargetFault fault = GatewayProblems.TargetFault.of(ex);
		return fault == GatewayProblems.TargetFault.UNREACHABLE
				|| (idempotent && fault == GatewayProblems.TargetFault.HUNG_UP);
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
