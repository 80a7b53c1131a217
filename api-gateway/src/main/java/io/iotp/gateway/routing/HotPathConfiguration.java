package io.iotp.gateway.routing;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.gateway.GatewayProperties;
import io.iotp.gateway.auth.BearerCheck;
import reactor.netty.http.client.HttpClient;

/**
 * Puts {@link HotPathProxy} in front of the whole web layer, with the gateway's own HTTP client (its
 * connection pool and connect timeout) and response timeouts.
 */
@Configuration(proxyBeanMethods = false)
class HotPathConfiguration {

	@Bean
	WebHttpHandlerBuilderCustomizer hotPathProxy(AppLinks links, BearerCheck bearer, HttpClient client,
			HttpClientProperties clientProperties, ServiceTargets targets, ServiceBreakers breakers,
			GatewayProperties properties) {
		return (builder) -> builder.httpHandlerDecorator((handler) -> new HotPathProxy(handler, links, bearer, client,
				clientProperties.getResponseTimeout(), targets, breakers, properties));
	}

}
