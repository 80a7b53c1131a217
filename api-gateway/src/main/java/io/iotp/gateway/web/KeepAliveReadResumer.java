package io.iotp.gateway.web;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;

/**
 * Works around a Reactor Netty bug (reactor/reactor-netty#4361; fix proposed in PR #4347,
 * not in a release served here): when a client sends its next request on a kept-alive
 * connection before the server has quite finished with the previous one, the server may
 * never ask to read that connection again, and the request hangs until the client gives
 * up. Our own tests hit it within a few dozen back-to-back requests. The remedy: once the
 * end of each response is written, ask for a read. A read asked for while one is pending
 * is a no-op, and a request that arrives early is queued by Reactor Netty as usual, so
 * nothing else changes. Remove once Reactor Netty has the fix.
 */
@Component
class KeepAliveReadResumer implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {

	private static final String NAME = "iotp.readAfterResponse";

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.addServerCustomizers((server) -> server.doOnConnection((connection) -> {
			ChannelPipeline pipeline = connection.channel().pipeline();
			if (pipeline.get(NAME) == null && pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new ReadAfterResponse());
			}
		}));
	}

	/** Asks for the next read once the last part of a response has gone out. */
	private static final class ReadAfterResponse extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
			if (message instanceof LastHttpContent) {
				ChannelPromise written = promise.unvoid();
				written.addListener((future) -> context.channel().eventLoop().execute(context::read));
				context.write(message, written);
				return;
			}
			context.write(message, promise);
		}

	}

}
