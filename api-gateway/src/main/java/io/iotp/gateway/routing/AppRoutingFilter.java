package io.iotp.gateway.routing;

import java.net.URI;
import java.util.Optional;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.iotp.contracts.errors.ErrorCodes;
import reactor.core.publisher.Mono;

/**
 * Routes {@code /apps/{app}/{service}/...} to that service and any other {@code /apps/{app}/...} to the
 * app's entry service: the prefix is stripped, {@code X-Forwarded-Prefix} tells the app where it lives,
 * instances take turns. Unknown app: 404; known but nothing healthy: 503, both as problems.
 */
@Component
class AppRoutingFilter implements GatewayFilter, Ordered {

	static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

	private static final String APPS = "/apps/";

	private final AppRegistry registry;

	AppRoutingFilter(AppRegistry registry) {
		this.registry = registry;
	}

	/** After the route's URL is set, so this one replaces it; before the request is sent. */
	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI requested = exchange.getRequest().getURI();
		String rawPath = requested.getRawPath();
		String afterApps = rawPath.substring(APPS.length());
		int slash = afterApps.indexOf('/');
		String app = (slash < 0) ? afterApps : afterApps.substring(0, slash);
		if (app.isEmpty() || !this.registry.knows(app)) {
			return GatewayProblems.write(exchange, ErrorCodes.RESOURCE_NOT_FOUND, "no app '" + app + "' is deployed here");
		}
		if (slash < 0) {
			return redirectWithSlash(exchange, requested);
		}
		String rest = afterApps.substring(slash);
		String prefix = APPS + app;
		String service = firstSegment(rest);
		if (service != null && this.registry.hasService(app, service)) {
			prefix = prefix + "/" + service;
			rest = rest.substring(service.length() + 1);
			if (rest.isEmpty()) {
				return redirectWithSlash(exchange, requested);
			}
		}
		else {
			service = this.registry.entryService(app);
			if (service == null) {
				return GatewayProblems.write(exchange, ErrorCodes.SERVICE_UNAVAILABLE,
						"app '" + app + "' has no entry service running");
			}
		}
		Optional<URI> instance = this.registry.next(app, service);
		if (instance.isEmpty()) {
			return GatewayProblems.write(exchange, ErrorCodes.SERVICE_UNAVAILABLE,
					"no healthy instance of " + app + "/" + service + " right now");
		}
		String query = (requested.getRawQuery() != null) ? "?" + requested.getRawQuery() : "";
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, URI.create(instance.get() + rest + query));
		exchange.getAttributes().put(ForwardedPrefixHeader.ATTRIBUTE, prefix);
		return chain.filter(exchange);
	}

	private static String firstSegment(String rest) {
		if (rest.length() <= 1) {
			return null;
		}
		int end = rest.indexOf('/', 1);
		return (end < 0) ? null : rest.substring(1, end);
	}

	private static Mono<Void> redirectWithSlash(ServerWebExchange exchange, URI requested) {
		String query = (requested.getRawQuery() != null) ? "?" + requested.getRawQuery() : "";
		exchange.getResponse().setStatusCode(HttpStatus.PERMANENT_REDIRECT);
		exchange.getResponse().getHeaders().setLocation(URI.create(requested.getRawPath() + "/" + query));
		return exchange.getResponse().setComplete();
	}

}
