package io.iotp.gateway.routing;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import io.iotp.gateway.GatewayProperties;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The platform's two hot paths, app links and sensors' readings (see
 * {@link HotPathRoutes}), proxied in plain Netty on the gateway's own connections, before
 * Reactor Netty and Spring see them. Every other request goes on to them unchanged.
 * <p>
 * Why this low: this traffic is what the platform carries most of, and even a bare
 * Reactor Netty proxy cost about 100 µs of CPU per request (reactive operators, a client
 * pool shared across threads). Here a request and its forward stay on one event loop, on
 * a kept-alive connection of that loop, and the bytes are passed through as they come.
 * What the gateway's filters do for other paths is done here too: the correlation id and
 * access log, the header size limit, the login of {@code "access":
 * "platform"} apps, sensor-manager's breaker and response timeout, and problem answers.
 * The caller's {@code X-Forwarded-*} and {@code Forwarded} headers are never passed on;
 * the gateway sets its own. A platform app gets the signed-in user's name in
 * {@code X-Forwarded-User} instead of their token.
 * <p>
 * This class keeps the order of one connection: which requests it takes and which go on,
 * and when. One connection carries one request at a time here: a request that arrives
 * while another one's answer is still going out (pipelining, rare in practice) waits, so
 * answers keep their order whichever path gives them. A hot request itself is a
 * {@link HotExchange}; its forward, a {@link BackendRelay}.
 */
final class HotPathHandler extends ChannelDuplexHandler {

	static final String NAME = "iotp.hotPath";

	private final HotPathRoutes routes;

	private final BackendConnections backends;

	private final GatewayProperties.AccessLog accessLog;

	/** What arrived while an answer was still going out, in order. */
	private final ArrayDeque<Object> waiting = new ArrayDeque<>();

	/** Requests handed on to Reactor Netty whose answer has not ended yet. */
	private int passedUnanswered;

	/** The rest of the request being read goes on to Reactor Netty too. */
	private boolean passingBody;

	private boolean removed;

	private @Nullable HotExchange exchange;

	HotPathHandler(HotPathRoutes routes, BackendConnections backends, GatewayProperties.AccessLog accessLog) {
		this.routes = routes;
		this.backends = backends;
		this.accessLog = accessLog;
	}

	HotPathRoutes routes() {
		return this.routes;
	}

	BackendConnections backends() {
		return this.backends;
	}

	GatewayProperties.AccessLog accessLog() {
		return this.accessLog;
	}

	/**
	 * The hot request being served is over, or given up: the connection's next request
	 * may be taken.
	 */
	void exchangeOver() {
		this.exchange = null;
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (!this.waiting.isEmpty() || !take(context, message)) {
			this.waiting.add(message);
		}
	}

	/**
	 * Handles a message now if it can; false when it has to wait for an answer that is
	 * going out.
	 */
	private boolean take(ChannelHandlerContext context, Object message) {
		if (this.passingBody) {
			this.passingBody = !(message instanceof LastHttpContent);
			context.fireChannelRead(message);
			return true;
		}
		HotExchange current = this.exchange;
		if (current != null && !current.requestEnded()) {
			if (message instanceof HttpContent content) {
				current.requestPart(content);
			}
			else {
				ReferenceCountUtil.release(message);
			}
			return true;
		}
		if (!(message instanceof HttpRequest request)) {
			// the rest of a request whose connection is being closed: nothing to do with
			// it
			ReferenceCountUtil.release(message);
			return true;
		}
		if (current != null) {
			return false;
		}
		boolean hot = request.decoderResult().isSuccess() && this.routes.takes(request);
		if (!hot) {
			this.passedUnanswered++;
			this.passingBody = !(message instanceof LastHttpContent);
			context.fireChannelRead(message);
			return true;
		}
		if (this.passedUnanswered > 0) {
			return false;
		}
		HotExchange started = new HotExchange(this, context, request);
		this.exchange = started;
		started.begin();
		return true;
	}

	/** Goes on with what waited, once nothing is being answered; then asks for more. */
	void resume(ChannelHandlerContext context) {
		if (this.removed) {
			return;
		}
		Object next;
		while ((next = this.waiting.peek()) != null) {
			if (!take(context, next)) {
				return;
			}
			this.waiting.poll();
		}
		context.read();
	}

	@Override
	public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
		if (message instanceof HttpResponse response
				&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
			// the connection speaks another protocol from now on (Reactor Netty agreed to
			// an upgrade): step
			// aside. An upgrade it declines (say h2c, which this server does not speak)
			// changes nothing.
			context.write(message, promise);
			this.removed = true;
			context.pipeline().remove(this);
			Object next;
			while ((next = this.waiting.poll()) != null) {
				context.fireChannelRead(next);
			}
			return;
		}
		context.write(message, promise);
		boolean interim = message instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		if (this.passedUnanswered > 0 && message instanceof LastHttpContent && !interim) {
			this.passedUnanswered--;
			if (this.passedUnanswered == 0 && !this.waiting.isEmpty()) {
				// after Reactor Netty is done with its answer, not in the middle of it
				context.executor().execute(() -> resume(context));
			}
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext context) {
		HotExchange current = this.exchange;
		if (current != null) {
			current.clientWritabilityChanged(context.channel().isWritable());
		}
		context.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) {
		HotExchange current = this.exchange;
		if (current != null) {
			current.clientGone();
		}
		releaseWaiting();
		context.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext context) {
		if (!this.removed) {
			releaseWaiting();
		}
	}

	private void releaseWaiting() {
		Object next;
		while ((next = this.waiting.poll()) != null) {
			ReferenceCountUtil.release(next);
		}
	}

}
