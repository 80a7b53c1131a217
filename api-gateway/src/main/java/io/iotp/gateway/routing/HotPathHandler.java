package io.iotp.gateway.routing;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.GatewayProperties;
import io.iotp.gateway.web.CorrelationIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The platform's two hot paths, app links and sensors' readings (see {@link HotPathRoutes}), proxied in
 * plain Netty on the gateway's own connections, before Reactor Netty and Spring see them. Every other
 * request goes on to them unchanged.
 * <p>
 * Why this low: this traffic is what the platform carries most of, and even a bare Reactor Netty proxy
 * cost about 100 µs of CPU per request (reactive operators, a client pool shared across threads). Here
 * a request and its forward stay on one event loop, on a kept-alive connection of that loop, and the
 * bytes are passed through as they come. What the gateway's filters do for other paths is done here
 * too: the correlation id and access log, the header size limit, the login of {@code "access":
 * "platform"} apps, sensor-manager's breaker and response timeout, and problem answers. The caller's
 * {@code X-Forwarded-*} and {@code Forwarded} headers are never passed on; the gateway sets its own. A
 * platform app gets the signed-in user's name in {@code X-Forwarded-User} instead of their token.
 * <p>
 * One connection carries one request at a time here: a request that arrives while another one's answer
 * is still going out (pipelining, rare in practice) waits, so answers keep their order whichever path
 * gives them.
 */
final class HotPathHandler extends ChannelDuplexHandler {

	static final String NAME = "iotp.hotPath";

	static final AsciiString FORWARDED_PREFIX = AsciiString.cached("X-Forwarded-Prefix");

	static final AsciiString FORWARDED_USER = AsciiString.cached("X-Forwarded-User");

	private static final Logger log = LoggerFactory.getLogger(HotPathHandler.class);

	private static final AsciiString CORRELATION_ID = AsciiString.cached(CorrelationIds.HEADER);

	private static final AsciiString FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");

	private static final AsciiString FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");

	private static final AsciiString FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");

	private static final AsciiString HTTP = AsciiString.cached("http");

	/** Headers of one connection (RFC 9110 §7.6.1) and forwarding headers a caller may not choose. */
	private static final List<AsciiString> NOT_PASSED_ON = names("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"expect", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto",
			"x-forwarded-prefix", "x-forwarded-user", "x-correlation-id");

	private static final List<AsciiString> NOT_ANSWERED = names("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "x-correlation-id");

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

	private @Nullable Exchange exchange;

	HotPathHandler(HotPathRoutes routes, BackendConnections backends, GatewayProperties.AccessLog accessLog) {
		this.routes = routes;
		this.backends = backends;
		this.accessLog = accessLog;
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (!this.waiting.isEmpty() || !take(context, message)) {
			this.waiting.add(message);
		}
	}

	/** Handles a message now if it can; false when it has to wait for an answer that is going out. */
	private boolean take(ChannelHandlerContext context, Object message) {
		if (this.passingBody) {
			this.passingBody = !(message instanceof LastHttpContent);
			context.fireChannelRead(message);
			return true;
		}
		Exchange current = this.exchange;
		if (current != null && !current.requestEnded) {
			if (message instanceof HttpContent content) {
				current.requestPart(content);
			}
			else {
				ReferenceCountUtil.release(message);
			}
			return true;
		}
		if (!(message instanceof HttpRequest request)) {
			// the rest of a request whose connection is being closed: nothing to do with it
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
		Exchange started = new Exchange(context, request);
		this.exchange = started;
		started.begin();
		return true;
	}

	/** Goes on with what waited, once nothing is being answered; then asks for more. */
	private void resume(ChannelHandlerContext context) {
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
			// the connection speaks another protocol from now on (Reactor Netty agreed to an upgrade): step
			// aside. An upgrade it declines (say h2c, which this server does not speak) changes nothing.
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
		Exchange current = this.exchange;
		if (current != null) {
			current.clientWritabilityChanged(context.channel().isWritable());
		}
		context.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) {
		Exchange current = this.exchange;
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

	/** One hot request, from its head to the end of its answer. */
	private final class Exchange implements BackendHandler.Receiver {

		private final ChannelHandlerContext context;

		private final HttpRequest request;

		private final String rawPath;

		private final String id;

		private final long start = System.nanoTime();

		private boolean keepAlive;

		private final boolean http11;

		private final boolean chunked;

		private final boolean expectsContinue;

		private final boolean head;

		/** The caller's {@code Host}, for {@code X-Forwarded-Host}. */
		private final @Nullable String host;

		private boolean requestEnded;

		private HotPathRoutes.@Nullable Forward forward;

		private @Nullable Channel backend;

		private @Nullable BackendHandler backendHandler;

		private boolean connecting;

		/** Parts of the body that came while the connection to the target was being made. */
		private final ArrayDeque<HttpContent> early = new ArrayDeque<>();

		private boolean backendReusable = true;

		private boolean skippingInterim;

		private boolean responseStarted;

		private boolean responseEnded;

		private boolean finished;

		private boolean outcomeReported;

		private int status;

		private @Nullable ChannelFuture lastWrite;

		private @Nullable ScheduledFuture<?> timeout;

		Exchange(ChannelHandlerContext context, HttpRequest request) {
			this.context = context;
			this.request = request;
			String path = HotPathRoutes.rawPath(request.uri());
			this.rawPath = (path != null) ? path : request.uri();
			this.id = CorrelationIds.acceptedOrNew(request.headers().get(CorrelationIds.HEADER));
			this.keepAlive = HttpUtil.isKeepAlive(request);
			this.http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
			this.chunked = HttpUtil.isTransferEncodingChunked(request);
			this.expectsContinue = HttpUtil.is100ContinueExpected(request);
			this.head = request.method() == HttpMethod.HEAD;
			this.host = request.headers().get(HttpHeaderNames.HOST);
			this.requestEnded = request instanceof LastHttpContent;
		}

		void begin() {
			HotPathRoutes.Decision decision;
			try {
				decision = HotPathHandler.this.routes.decide(this.request, this.rawPath,
						HotPathRoutes.rawQuery(this.request.uri()));
			}
			catch (RuntimeException ex) {
				log.error("deciding where {} goes failed", this.rawPath, ex);
				problem(ErrorCodes.INTERNAL, "the gateway failed on this request", Map.of());
				return;
			}
			switch (decision) {
				case HotPathRoutes.Answer answer -> answer(answer.status(), answer.headers(), answer.body());
				case HotPathRoutes.Forward to -> forward(to);
			}
		}

		private void forward(HotPathRoutes.Forward to) {
			this.forward = to;
			if (!this.requestEnded && this.expectsContinue) {
				this.context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
			}
			Channel idle = HotPathHandler.this.backends.idle(this.context.channel().eventLoop(), to.host(), to.port());
			if (idle != null) {
				connected(idle);
				return;
			}
			this.connecting = true;
			HotPathHandler.this.backends
				.connect(this.context.channel().eventLoop(), this.context.channel().getClass(), to.host(), to.port())
				.addListener((ChannelFutureListener) (connect) -> {
					this.connecting = false;
					if (this.finished) {
						connect.channel().close();
					}
					else if (connect.isSuccess()) {
						connected(connect.channel());
					}
					else {
						failed(connect.cause());
					}
				});
		}

		private void connected(Channel channel) {
			this.backend = channel;
			this.backendHandler = BackendConnections.handlerOf(channel);
			this.backendHandler.attach(this);
			channel.write(backendRequest(this.forward));
			HttpContent part;
			while ((part = this.early.poll()) != null) {
				channel.write(part);
			}
			channel.flush();
			if (this.requestEnded) {
				startTimeout();
			}
			else if (channel.isWritable()) {
				this.context.read();
			}
		}

		/**
		 * The caller's request, made the target's: its own path, the caller's headers but those of the
		 * connection and the forwarding ones, and the gateway's forwarding headers. The request object is
		 * reused rather than copied; what the exchange needs of the original was read in its constructor.
		 */
		private HttpRequest backendRequest(HotPathRoutes.Forward to) {
			HttpHeaders headers = this.request.headers();
			for (AsciiString name : NOT_PASSED_ON) {
				headers.remove(name);
			}
			if (to.user() != null) {
				headers.remove(HttpHeaderNames.AUTHORIZATION);
				headers.set(FORWARDED_USER, to.user());
			}
			headers.set(HttpHeaderNames.HOST, to.hostAndPort());
			if (this.chunked) {
				headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
			}
			if (to.prefix() != null) {
				headers.set(FORWARDED_PREFIX, to.prefix());
			}
			headers.set(CORRELATION_ID, this.id);
			if (this.context.channel().remoteAddress() instanceof InetSocketAddress address
					&& address.getAddress() != null) {
				headers.set(FORWARDED_FOR, address.getAddress().getHostAddress());
			}
			headers.set(FORWARDED_PROTO, HTTP);
			if (this.host != null) {
				headers.set(FORWARDED_HOST, this.host);
			}
			this.request.setUri(to.pathAndQuery());
			this.request.setProtocolVersion(HttpVersion.HTTP_1_1);
			return this.request;
		}

		/** The next part of the request's body, from the caller. */
		void requestPart(HttpContent part) {
			boolean last = part instanceof LastHttpContent;
			this.requestEnded = last;
			Channel channel = this.backend;
			if (channel != null) {
				if (last) {
					channel.writeAndFlush(part);
					startTimeout();
				}
				else {
					channel.writeAndFlush(part);
					if (channel.isWritable()) {
						this.context.read();
					}
				}
			}
			else if (this.connecting) {
				// read no more until connected: the connection then asks for the rest
				this.early.add(part);
			}
			else {
				// answered already (a problem): the rest of the body is read and dropped
				part.release();
				if (last) {
					maybeFinish();
				}
				else {
					this.context.read();
				}
			}
		}

		private void startTimeout() {
			HotPathRoutes.Forward to = this.forward;
			if (to == null || this.responseStarted || this.timeout != null) {
				return;
			}
			this.timeout = this.context.executor().schedule(() -> {
				this.timeout = null;
				if (!this.responseStarted && !this.finished) {
					dropBackend();
					failed(new TimeoutException("no answer within " + to.timeout()));
				}
			}, to.timeout().toMillis(), TimeUnit.MILLISECONDS);
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
					// interim answers (100, 103) are the target's business: the caller got its own 100
					this.skippingInterim = true;
					ReferenceCountUtil.release(message);
					return;
				}
				cancelTimeout();
				reportStatus(response.status().code());
				respondWith(response);
			}
			if (message instanceof HttpContent content) {
				if (this.skippingInterim) {
					this.skippingInterim = !(content instanceof LastHttpContent);
					content.release();
					return;
				}
				if (content instanceof LastHttpContent) {
					this.lastWrite = this.context.writeAndFlush(content);
					this.responseEnded = true;
					backendDone();
					if (!this.requestEnded) {
						// answered before the whole body came: the rest is read and dropped
						this.context.read();
					}
					maybeFinish();
				}
				else {
					this.context.write(content);
				}
			}
		}

		/** The target's response head, made the caller's: the same object, without the target's connection headers. */
		private void respondWith(HttpResponse response) {
			int code = response.status().code();
			boolean bodyless = this.head || code == 204 || code == 304;
			boolean lengthKnown = HttpUtil.isContentLengthSet(response);
			if (!HttpUtil.isKeepAlive(response)) {
				this.backendReusable = false;
			}
			HttpHeaders headers = response.headers();
			for (AsciiString name : NOT_ANSWERED) {
				headers.remove(name);
			}
			headers.set(CORRELATION_ID, this.id);
			if (!bodyless && !lengthKnown) {
				if (this.http11) {
					headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
				}
				else {
					this.keepAlive = false;
				}
			}
			response.setProtocolVersion(HttpVersion.HTTP_1_1);
			HttpUtil.setKeepAlive(response, this.keepAlive);
			this.responseStarted = true;
			this.status = code;
			this.context.write(response);
		}

		@Override
		public void readComplete() {
			this.context.flush();
		}

		@Override
		public void lost(Throwable cause) {
			this.backend = null;
			this.backendHandler = null;
			if (!this.responseEnded && !this.finished) {
				cancelTimeout();
				failed(cause);
			}
		}

		@Override
		public void writabilityChanged(boolean writable) {
			if (writable && !this.requestEnded && !this.finished) {
				this.context.read();
			}
		}

		void clientWritabilityChanged(boolean writable) {
			Channel channel = this.backend;
			if (channel != null) {
				channel.config().setAutoRead(writable);
			}
		}

		/** The target could not be reached or did not answer: a problem, if nothing was answered yet. */
		private void failed(Throwable cause) {
			reportFailure(cause);
			dropBackend();
			HotPathRoutes.Forward to = this.forward;
			String what = (to != null) ? to.what() : "the target";
			if (this.responseStarted) {
				log.debug("answer from {} cut short: {}", what, cause.toString());
				this.finished = true;
				HotPathHandler.this.exchange = null;
				this.context.close();
				return;
			}
			GatewayProblems.TargetFault fault = GatewayProblems.TargetFault.of(cause);
			if (fault == null) {
				log.error("proxying {} to {} failed", this.rawPath, what, cause);
				problem(ErrorCodes.INTERNAL, "the gateway failed on this request", Map.of());
				return;
			}
			// "in time" rather than the timeout's length, as this path has always said
			problem(fault.code(), fault.detail(what, null), Map.of());
		}

		private void problem(ErrorCode code, String detail, Map<String, String> headers) {
			HotPathRoutes.Answer answer = HotPathRoutes.Answer.problem(code, detail, this.rawPath, headers);
			answer(answer.status(), answer.headers(), answer.body());
		}

		private void answer(int code, Map<String, String> headers, byte[] body) {
			if (!this.requestEnded && this.expectsContinue && this.forward == null) {
				// the caller waits for a 100 before it sends its body, and will not get one: end the connection
				this.keepAlive = false;
			}
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.valueOf(code), Unpooled.wrappedBuffer(body));
			headers.forEach(response.headers()::set);
			response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
			response.headers().set(CorrelationIds.HEADER, this.id);
			HttpUtil.setKeepAlive(response, this.keepAlive);
			this.status = code;
			this.responseStarted = true;
			this.responseEnded = true;
			this.lastWrite = this.context.writeAndFlush(response);
			if (!this.requestEnded && !this.keepAlive) {
				this.requestEnded = true;
			}
			if (!this.requestEnded) {
				// the rest of the body is read and dropped (requestPart) before the next request
				this.context.read();
			}
			maybeFinish();
		}

		private void maybeFinish() {
			if (!this.responseEnded || !this.requestEnded || this.finished) {
				return;
			}
			this.finished = true;
			HotPathHandler.this.exchange = null;
			if (HotPathHandler.this.accessLog.covers(this.rawPath)) {
				CorrelationIds.logAccess(this.id, this.request.method().name(), this.rawPath, this.status, this.start);
			}
			if (!this.keepAlive) {
				ChannelFuture written = this.lastWrite;
				if (written != null) {
					written.addListener(ChannelFutureListener.CLOSE);
				}
				else {
					this.context.close();
				}
				return;
			}
			resume(this.context);
		}

		/** The target's answer is over: its connection goes back to the pool if it can serve another. */
		private void backendDone() {
			Channel channel = this.backend;
			BackendHandler handler = this.backendHandler;
			this.backend = null;
			this.backendHandler = null;
			if (channel == null || handler == null) {
				return;
			}
			handler.detach();
			HotPathRoutes.Forward to = this.forward;
			if (this.backendReusable && this.requestEnded && to != null) {
				HotPathHandler.this.backends.release(channel, to.host(), to.port());
			}
			else {
				channel.close();
			}
		}

		private void dropBackend() {
			Channel channel = this.backend;
			BackendHandler handler = this.backendHandler;
			this.backend = null;
			this.backendHandler = null;
			if (handler != null) {
				handler.detach();
			}
			if (channel != null) {
				channel.close();
			}
			HttpContent part;
			while ((part = this.early.poll()) != null) {
				part.release();
			}
		}

		/** The caller hung up: the target's connection goes too, since its answer would be half read. */
		void clientGone() {
			cancelTimeout();
			if (!this.outcomeReported) {
				CircuitBreaker breaker = (this.forward != null) ? this.forward.breaker() : null;
				if (breaker != null) {
					breaker.releasePermission();
				}
				this.outcomeReported = true;
			}
			dropBackend();
			this.finished = true;
			HotPathHandler.this.exchange = null;
		}

		private void reportStatus(int code) {
			CircuitBreaker breaker = (this.forward != null) ? this.forward.breaker() : null;
			if (breaker == null || this.outcomeReported) {
				return;
			}
			this.outcomeReported = true;
			ServiceBreakers.record(breaker, code, this.start);
		}

		private void reportFailure(Throwable cause) {
			CircuitBreaker breaker = (this.forward != null) ? this.forward.breaker() : null;
			if (breaker == null || this.outcomeReported) {
				return;
			}
			this.outcomeReported = true;
			ServiceBreakers.record(breaker, cause, this.start);
		}

	}

	private static List<AsciiString> names(String... names) {
		return Arrays.stream(names).map(AsciiString::cached).toList();
	}

}
