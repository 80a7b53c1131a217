package io.iotp.gateway.routing;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.gateway.GatewayProperties;
import io.iotp.gateway.auth.BearerCheck;
import reactor.netty.http.client.HttpClient;

/**
 * Puts {@link AppLinkProxy} in front of the whole web layer, with the gateway's own HTTP client (its
 * connection pool and connect timeout) and response timeout.
 */
@Configuration(proxyBeanMethods = false)
class AppLinkConfiguration {

	@Bean
	WebHttpHandlerBuilderCustomizer appLinkProxy(AppLinks links, BearerCheck bearer, HttpClient client,
			HttpClientProperties clientProperties, GatewayProperties properties) {
		return (builder) -> builder.httpHandlerDecorator((handler) -> new AppLinkProxy(handler, links, bearer, client,
				clientProperties.getResponseTimeout(), properties.accessLog()));
	}

}
