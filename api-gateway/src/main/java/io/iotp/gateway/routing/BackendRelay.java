package io.iotp.gateway.routing;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The target's side of one forwarded {@link HotExchange}, on the caller's event loop: a
 * kept-alive connection of that loop or a new one ({@link BackendConnections}), the
 * request and its body passed on as they come, the response timeout, the target's answer
 * handed back to the exchange, the breaker told how the call went, and the connection
 * given back to the pool when it can serve another request. Reading from the caller
 * follows what the target's connection can take, and the other way round.
 */
final class BackendRelay implements BackendHandler.Receiver {

	private static final int ATTEMPTS = 3;

	private final HotExchange exchange;

	/** The caller's end, to read more of the request and to flush the answer. */
	private final ChannelHandlerContext caller;

	/** Where the request goes: another target when the first refuses the connection. */
	private HotPathRoutes.Forward to;

	/** Targets tried so far for this request. */
	private int attempts;

	private @Nullable HttpRequest request;

	private final BackendConnections backends;

	private @Nullable Channel backend;

	private @Nullable BackendHandler backendHandler;

	private boolean connecting;

	/**
	 * Parts of the body that came while the connection to the target was being made; made
	 * for the first.
	 */
	private @Nullable ArrayDeque<HttpContent> early;

	private boolean reusable = true;

	private boolean skippingInterim;

	/**
	 * The breaker of a platform service target until it has been told how the call went.
	 */
	private @Nullable CircuitBreaker unreported;

	private @Nullable ScheduledFuture<?> timeout;

	BackendRelay(HotExchange exchange, ChannelHandlerContext caller, HotPathRoutes.Forward to,
			BackendConnections backends) {
		this.exchange = exchange;
		this.caller = caller;
		this.to = to;
		this.backends = backends;
		this.unreported = to.breaker();
	}

	/**
	 * Sends the target's request on an idle connection of the caller's loop, or on a new
	 * one once made.
	 */
	void start(HttpRequest request) {
		this.attempts++;
		this.request = request;
		Channel idle = this.backends.idle(this.caller.channel().eventLoop(), this.to.host(), this.to.port());
		if (idle != null) {
			connected(idle, request);
			return;
		}
		this.connecting = true;
		this.backends
			.connect(this.caller.channel().eventLoop(), this.caller.channel().getClass(), this.to.host(),
					this.to.port())
			.addListener((ChannelFutureListener) (connect) -> {
				this.connecting = false;
				if (this.exchange.finished()) {
					connect.channel().close();
				}
				else if (connect.isSuccess()) {
					connected(connect.channel(), request);
				}
				else if (!retryElsewhere(connect.cause())) {
					failed(connect.cause());
				}
			});
	}

	/**
	 * Sends the request to another target when this one refused the connection: it never
	 * saw the request, so any method may go again. At most {@value #ATTEMPTS} targets.
	 */
	private boolean retryElsewhere(Throwable cause) {
		Supplier<HotPathRoutes.@Nullable Forward> refused = this.to.refused();
		HttpRequest sent = this.request;
		if (refused == null || sent == null || !ReplicaBalancing.refused(cause) || this.attempts >= ATTEMPTS) {
			return false;
		}
		HotPathRoutes.Forward next = refused.get();
		if (next == null) {
			return false;
		}
		this.to = next;
		sent.headers().set(HttpHeaderNames.HOST, next.hostAndPort());
		start(sent);
		return true;
	}

	private void connected(Channel channel, HttpRequest request) {
		this.backend = channel;
		BackendHandler handler = BackendConnections.handlerOf(channel);
		this.backendHandler = handler;
		handler.attach(this);
		channel.write(request);
		ArrayDeque<HttpContent> parts = this.early;
		if (parts != null) {
			HttpContent part;
			while ((part = parts.poll()) != null) {
				channel.write(part);
			}
		}
		channel.flush();
		if (this.exchange.requestEnded()) {
			startTimeout();
		}
		else if (channel.isWritable()) {
			this.caller.read();
		}
	}

	/**
	 * Passes on the next part of the request's body; false when there is no connection
	 * for it any more.
	 */
	boolean send(HttpContent part, boolean last) {
		Channel channel = this.backend;
		if (channel != null) {
			channel.writeAndFlush(part);
			if (last) {
				startTimeout();
			}
			else if (channel.isWritable()) {
				this.caller.read();
			}
			return true;
		}
		if (this.connecting) {
			// read no more until connected: the connection then asks for the rest
			ArrayDeque<HttpContent> parts = this.early;
			if (parts == null) {
				parts = new ArrayDeque<>();
				this.early = parts;
			}
			parts.add(part);
			return true;
		}
		return false;
	}

	private void startTimeout() {
		if (this.exchange.responseStarted() || this.timeout != null) {
			return;
		}
		this.timeout = this.caller.executor().schedule(() -> {
			this.timeout = null;
			if (!this.exchange.responseStarted() && !this.exchange.finished()) {
				drop();
				failed(new TimeoutException("no answer within " + this.to.timeout()));
			}
		}, this.to.timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private void cancelTimeout() {
		ScheduledFuture<?> pending = this.timeout;
		if (pending != null) {
			pending.cancel(false);
			this.timeout = null;
		}
	}

	@Override
	public void answered(Object message) {
		if (message instanceof HttpResponse response) {
			if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
				// interim answers (100, 103) are the target's business: the caller got
				// its own 100
				this.skippingInterim = true;
				ReferenceCountUtil.release(message);
				return;
			}
			cancelTimeout();
			reportStatus(response.status().code());
			if (!HttpUtil.isKeepAlive(response)) {
				this.reusable = false;
			}
			this.exchange.respond(response);
		}
		if (message instanceof HttpContent content) {
			if (this.skippingInterim) {
				this.skippingInterim = !(content instanceof LastHttpContent);
				content.release();
				return;
			}
			if (content instanceof LastHttpContent last) {
				this.exchange.responseEnd(last, this);
			}
			else {
				this.exchange.responsePart(content);
			}
		}
	}

	@Override
	public void readComplete() {
		this.caller.flush();
	}

	@Override
	public void lost(Throwable cause) {
		this.backend = null;
		this.backendHandler = null;
		if (!this.exchange.responseEnded() && !this.exchange.finished()) {
			cancelTimeout();
			failed(cause);
		}
	}

	@Override
	public void writabilityChanged(boolean writable) {
		if (writable && !this.exchange.requestEnded() && !this.exchange.finished()) {
			this.caller.read();
		}
	}

	void clientWritabilityChanged(boolean writable) {
		Channel channel = this.backend;
		if (channel != null) {
			channel.config().setAutoRead(writable);
		}
	}

	private void failed(Throwable cause) {
		reportFailure(cause);
		drop();
		this.exchange.targetFailed(cause, this.to.what());
	}

	/**
	 * The target's answer is over: its connection goes back to the pool if it can serve
	 * another.
	 */
	void done() {
		Channel channel = detach();
		if (channel == null) {
			return;
		}
		if (this.reusable && this.exchange.requestEnded()) {
			this.backends.release(channel, this.to.host(), this.to.port());
		}
		else {
			channel.close();
		}
	}

	private void drop() {
		Channel channel = detach();
		if (channel != null) {
			channel.close();
		}
		ArrayDeque<HttpContent> parts = this.early;
		if (parts != null) {
			HttpContent part;
			while ((part = parts.poll()) != null) {
				part.release();
			}
		}
	}

	/** The target's connection, no longer answering to this relay. */
	private @Nullable Channel detach() {
		Channel channel = this.backend;
		BackendHandler handler = this.backendHandler;
		this.backend = null;
		this.backendHandler = null;
		if (handler != null) {
			handler.detach();
		}
		return channel;
	}

	/**
	 * The caller hung up: the call counts neither way, and the target's connection goes.
	 */
	void clientGone() {
		cancelTimeout();
		CircuitBreaker breaker = this.unreported;
		this.unreported = null;
		if (breaker != null) {
			breaker.releasePermission();
		}
		drop();
	}

	private void reportStatus(int code) {
		CircuitBreaker breaker = this.unreported;
		this.unreported = null;
		if (breaker != null) {
			ServiceBreakers.record(breaker, code, this.exchange.start());
		}
	}

	private void reportFailure(Throwable cause) {
		CircuitBreaker breaker = this.unreported;
		this.unreported = null;
		if (breaker != null) {
			ServiceBreakers.record(breaker, cause, this.exchange.start());
		}
	}

}
