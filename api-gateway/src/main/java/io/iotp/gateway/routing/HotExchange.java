package io.iotp.gateway.routing;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.gateway.web.CorrelationIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One hot request on the caller's side, from its head to the end of its answer: where it
 * goes ({@link HotPathRoutes}), its body handed to the {@link BackendRelay} (or read and
 * dropped once it is answered), the target's answer passed on or the gateway's own answer
 * (a problem when the target fails), the access log line, and then the connection's next
 * request or its end.
 */
final class HotExchange {

	private static final Logger log = LoggerFactory.getLogger(HotExchange.class);

	private final HotPathHandler connection;

	private final ChannelHandlerContext context;

	private final HttpRequest request;

	private final String rawPath;

	private final String id;

	private final long start = System.nanoTime();

	private boolean keepAlive;

	private final boolean http11;

	private final boolean expectsContinue;

	private final boolean head;

	private boolean requestEnded;

	/** Set when the request is forwarded rather than answered by the gateway. */
	private @Nullable BackendRelay relay;

	private boolean responseStarted;

	private boolean responseEnded;

	private boolean finished;

	private int status;

	private @Nullable ChannelFuture lastWrite;

	HotExchange(HotPathHandler connection, ChannelHandlerContext context, HttpRequest request) {
		this.connection = connection;
		this.context = context;
		this.request = request;
		String path = HotPathRoutes.rawPath(request.uri());
		this.rawPath = (path != null) ? path : request.uri();
		this.id = CorrelationIds.acceptedOrNew(request.headers().get(CorrelationIds.HEADER));
		this.keepAlive = HttpUtil.isKeepAlive(request);
		this.http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
		this.expectsContinue = HttpUtil.is100ContinueExpected(request);
		this.head = request.method() == HttpMethod.HEAD;
		this.requestEnded = request instanceof LastHttpContent;
	}

	/** When the request's head came ({@link System#nanoTime()}). */
	long start() {
		return this.start;
	}

	boolean requestEnded() {
		return this.requestEnded;
	}

	boolean responseStarted() {
		return this.responseStarted;
	}

	boolean responseEnded() {
		return this.responseEnded;
	}

	boolean finished() {
		return this.finished;
	}

	void begin() {
		HotPathRoutes.Decision decision;
		try {
			decision = this.connection.routes()
				.decide(this.request, this.rawPath, HotPathRoutes.rawQuery(this.request.uri()));
		}
		catch (RuntimeException ex) {
			log.error("deciding where {} goes failed", this.rawPath, ex);
			answer(HotPathAnswers.internal(this.rawPath));
			return;
		}
		switch (decision) {
			case HotPathRoutes.Answer answer -> answer(answer);
			case HotPathRoutes.Forward to -> forward(to);
		}
	}

	private void forward(HotPathRoutes.Forward to) {
		BackendRelay started = new BackendRelay(this, this.context, to, this.connection.backends());
		this.relay = started;
		if (!this.requestEnded && this.expectsContinue) {
			this.context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
					Unpooled.EMPTY_BUFFER));
		}
		started.start(ForwardedHeaders.toTarget(this.request, to, this.id, this.context.channel().remoteAddress()));
	}

	/** The next part of the request's body, from the caller. */
	void requestPart(HttpContent part) {
		boolean last = part instanceof LastHttpContent;
		this.requestEnded = last;
		BackendRelay forward = this.relay;
		if (forward != null && forward.send(part, last)) {
			return;
		}
		// answered already (a problem): the rest of the body is read and dropped
		part.release();
		if (last) {
			maybeFinish();
		}
		else {
			this.context.read();
		}
	}

	/**
	 * The target's response head, made the caller's: the same object, without the
	 * target's connection headers.
	 */
	void respond(HttpResponse response) {
		int code = response.status().code();
		boolean bodyless = this.head || code == 204 || code == 304;
		boolean lengthKnown = HttpUtil.isContentLengthSet(response);
		ForwardedHeaders.toCaller(response.headers(), this.id);
		if (!bodyless && !lengthKnown) {
			if (this.http11) {
				response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
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

	/**
	 * A part of the target's answer's body, passed on; flushed when the target's read is
	 * complete.
	 */
	void responsePart(HttpContent part) {
		this.context.write(part);
	}

	/**
	 * The end of the target's answer: its connection is free again, and the caller may be
	 * done.
	 */
	void responseEnd(LastHttpContent last, BackendRelay from) {
		this.lastWrite = this.context.writeAndFlush(last);
		this.responseEnded = true;
		from.done();
		if (!this.requestEnded) {
			// answered before the whole body came: the rest is read and dropped
			this.context.read();
		}
		maybeFinish();
	}

	/**
	 * The target could not be reached or did not answer (its connection is dropped
	 * already): a problem, if nothing was answered yet, else the caller's connection ends
	 * with the answer cut short.
	 * @param what the target in words
	 */
	void targetFailed(Throwable cause, String what) {
		if (this.responseStarted) {
			log.debug("answer from {} cut short: {}", what, cause.toString());
			this.finished = true;
			this.connection.exchangeOver();
			this.context.close();
			return;
		}
		answer(HotPathAnswers.targetFailed(cause, what, this.rawPath));
	}

	private void answer(HotPathRoutes.Answer answer) {
		if (!this.requestEnded && this.expectsContinue && this.relay == null) {
			// the caller waits for a 100 before it sends its body, and will not get one:
			// end the connection
			this.keepAlive = false;
		}
		this.status = answer.status();
		this.responseStarted = true;
		this.responseEnded = true;
		this.lastWrite = this.context.writeAndFlush(HotPathAnswers.response(answer, this.id, this.keepAlive));
		if (!this.requestEnded && !this.keepAlive) {
			this.requestEnded = true;
		}
		if (!this.requestEnded) {
			// the rest of the body is read and dropped (requestPart) before the next
			// request
			this.context.read();
		}
		maybeFinish();
	}

	private void maybeFinish() {
		if (!this.responseEnded || !this.requestEnded || this.finished) {
			return;
		}
		this.finished = true;
		this.connection.exchangeOver();
		if (this.connection.accessLog().covers(this.rawPath)) {
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
		this.connection.resume(this.context);
	}

	void clientWritabilityChanged(boolean writable) {
		BackendRelay forward = this.relay;
		if (forward != null) {
			forward.clientWritabilityChanged(writable);
		}
	}

	/**
	 * The caller hung up: the target's connection goes too, since its answer would be
	 * half read.
	 */
	void clientGone() {
		BackendRelay forward = this.relay;
		if (forward != null) {
			forward.clientGone();
		}
		this.finished = true;
		this.connection.exchangeOver();
	}

}
