package io.iotp.gateway.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/docs}: the OpenAPI description of the public API, a hand-written
 * resource.
 */
@Configuration(proxyBeanMethods = false)
class DocsRoutes {

	@Bean
	RouterFunction<ServerResponse> docsEndpoint() {
		ClassPathResource document = new ClassPathResource("openapi/iotp-api.json");
		return RouterFunctions.route()
			.GET("/api/docs",
					request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
			.build();
	}

}
