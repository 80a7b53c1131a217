package io.iotp.gateway.routing;

import java.util.Map;
import java.util.function.Function;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.gateway.GatewayProperties;

/**
 * The gateway's routes: each API area to the service that owns it (SPEC §6), each behind
 * its own circuit breaker and response timeout. App links and readings do not pass
 * through here: see {@link HotPathHandler}.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

	/** The API paths each platform service owns. */
	private static final Map<String, String[]> API_AREAS = Map.of("app-controller",
			new String[] { "/api/contracts/**", "/api/apps/**", "/api/deployments/**" }, "node-manager",
			new String[] { "/api/nodes/**" }, "sensor-manager",
			new String[] { "/api/sensor-types/**", "/api/sensors/**" }, "monitoring",
			new String[] { "/api/monitoring/**" }, "logger", new String[] { "/api/logs/**" });

	@Bean
	RouteLocator platformRoutes(RouteLocatorBuilder routes, ServiceTargets targets, ServiceBreakers breakers,
			GatewayProperties properties) {
		RouteLocatorBuilder.Builder builder = routes.routes();
		long timeoutMillis = properties.responseTimeout().toMillis();
		API_AREAS.forEach((service, paths) -> builder.route(service,
				serviceRoute(service, paths, targets, breakers, timeoutMillis)));
		return builder.build();
	}

	private static Function<PredicateSpec, Buildable<Route>> serviceRoute(String service, String[] paths,
			ServiceTargets targets, ServiceBreakers breakers, long timeoutMillis) {
		return (r) -> r.path(paths)
			.filters(f -> f.filter(breakers.guard(service)))
			.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMillis)
			.uri(targets.of(service));
	}

}
