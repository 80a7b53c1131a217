package io.iotp.gateway.routing;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.gateway.GatewayProperties;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

/**
 * Puts a {@link HotPathHandler} on every connection of the gateway's server, right after
 * the HTTP codec, so hot requests never reach Reactor Netty's server handlers or Spring;
 * backend connections are made with the gateway client's connect timeout.
 */
@Configuration(proxyBeanMethods = false)
class HotPathConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> hotPath(HotPathRoutes routes,
			HttpClientProperties clientProperties, GatewayProperties properties) {
		Integer connectTimeout = clientProperties.getConnectTimeout();
		BackendConnections backends = new BackendConnections((connectTimeout != null) ? connectTimeout : 2000);
		return (factory) -> factory
			.addServerCustomizers((server) -> server.doOnChannelInit((observer, channel, remote) -> {
				ChannelPipeline pipeline = channel.pipeline();
				if (pipeline.get(HotPathHandler.NAME) == null && pipeline.get(NettyPipeline.HttpCodec) != null) {
					pipeline.addAfter(NettyPipeline.HttpCodec, HotPathHandler.NAME,
							new HotPathHandler(routes, backends, properties.accessLog()));
				}
			}));
	}

}
