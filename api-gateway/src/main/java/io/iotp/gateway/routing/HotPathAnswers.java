package io.iotp.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.gateway.web.CorrelationIds;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The gateway's own answers on the hot path: the problems it answers when a forward fails
 * or it fails itself, and any {@link HotPathRoutes.Answer} as one full response.
 */
final class HotPathAnswers {

	private static final Logger log = LoggerFactory.getLogger(HotPathAnswers.class);

	private HotPathAnswers() {
	}

	/**
	 * The answer when the gateway itself failed on a request (the cause is logged by the
	 * caller).
	 */
	static HotPathRoutes.Answer internal(String rawPath) {
		return HotPathRoutes.Answer.problem(ErrorCodes.INTERNAL, "the gateway failed on this request", rawPath);
	}

	/**
	 * The answer for a forward that failed before anything was answered: 503 or 504 when
	 * the target is to blame ({@link GatewayProblems.TargetFault}), else the gateway's
	 * own fault, logged.
	 * @param what the target in words
	 */
	static HotPathRoutes.Answer targetFailed(Throwable cause, String what, String rawPath) {
		GatewayProblems.TargetFault fault = GatewayProblems.TargetFault.of(cause);
		if (fault == null) {
			log.error("proxying {} to {} failed", rawPath, what, cause);
			return internal(rawPath);
		}
		// no timeout length: on the hot path the detail says only that the target did not
		// answer "in time"
		return HotPathRoutes.Answer.problem(fault.code(), fault.detail(what, null), rawPath);
	}

	/**
	 * An answer as one response: its own headers, its length, the correlation id and
	 * whether to keep alive.
	 */
	static FullHttpResponse response(HotPathRoutes.Answer answer, String id, boolean keepAlive) {
		byte[] body = answer.body();
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(body));
		answer.headers().forEach(response.headers()::set);
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
		response.headers().set(CorrelationIds.HEADER, id);
		HttpUtil.setKeepAlive(response, keepAlive);
		return response;
	}

}
