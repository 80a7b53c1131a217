package io.iotp.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's routes: each API area to the service that owns it (SPEC §6), app links to the apps. */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

	/** Stands in for the target of the app route; {@link AppRoutingFilter} always replaces it. */
	private static final String RESOLVED_PER_REQUEST = "http://127.0.0.1:9";

	@Bean
	RouteLocator platformRoutes(RouteLocatorBuilder routes, ServiceTargets targets, AppRoutingFilter apps) {
		return routes.routes()
			.route("apps", r -> r.path("/apps/**").filters(f -> f.filter(apps)).uri(RESOLVED_PER_REQUEST))
			.route("app-controller",
					r -> r.path("/api/contracts/**", "/api/apps/**", "/api/deployments/**")
						.uri(targets.of("app-controller")))
			.route("node-manager", r -> r.path("/api/nodes/**").uri(targets.of("node-manager")))
			.route("sensor-manager",
					r -> r.path("/api/sensor-types/**", "/api/sensors/**").uri(targets.of("sensor-manager")))
			.route("monitoring", r -> r.path("/api/monitoring/**").uri(targets.of("monitoring")))
			.route("logger", r -> r.path("/api/logs/**").uri(targets.of("logger")))
			.build();
	}

}
