package io.iotp.gateway.web;

import java.util.List;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.routing.GatewayProblems;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;

/**
 * Requests the HTTP decoder itself refuses (headers over
 * {@code server.max-http-request-header-size}, a request line over 4 KB, bytes that are
 * not HTTP) would get Reactor Netty's bare status without a body; here they get a problem
 * document like every other refusal, and the connection is closed, since the rest of its
 * bytes cannot be trusted.
 */
@Component
class UndecodableRequestProblems implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {

	private static final String NAME = "iotp.undecodableRequestProblems";

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.addServerCustomizers((server) -> server.doOnChannelInit((observer, channel, remote) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NAME) == null && pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new Refuser());
			}
		}));
	}

	/** Answers an undecodable request with a problem and drops whatever follows it. */
	private static final class Refuser extends ChannelInboundHandlerAdapter {

		private boolean refused;

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (this.refused && message instanceof HttpContent) {
				ReferenceCountUtil.release(message);
				return;
			}
			if (message instanceof HttpRequest request && request.decoderResult().isFailure()) {
				this.refused = true;
				Throwable cause = request.decoderResult().cause();
				String path = request.uri().length() <= 200 ? request.uri() : request.uri().substring(0, 200);
				ReferenceCountUtil.release(message);
				refuse(context, cause, path);
				return;
			}
			context.fireChannelRead(message);
		}

		private static void refuse(ChannelHandlerContext context, Throwable cause, String path) {
			ErrorCode code = (cause instanceof TooLongFrameException) ? ErrorCodes.REQUEST_TOO_LARGE
					: ErrorCodes.REQUEST_MALFORMED;
			String detail = switch (cause) {
				case TooLongHttpHeaderException ignored -> "the request headers are too large";
				case TooLongHttpLineException ignored -> "the request line (method, path and query) is too long";
				default -> "the request is not valid HTTP/1.1";
			};
			byte[] body = GatewayProblems.json(code, detail, path, List.of());
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.valueOf(code.status()), Unpooled.wrappedBuffer(body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}

	}

}
