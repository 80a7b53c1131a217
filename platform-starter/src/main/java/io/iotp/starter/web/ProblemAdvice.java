package io.iotp.starter.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.errors.RetryLaterException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error of a servlet service once, as RFC 9457 problem details carrying the
 * stable error code and a hint. Spring MVC's own errors (unreadable body, wrong media
 * type, unknown path) get the matching platform code; anything unexpected becomes a 500
 * problem without internals, logged with its stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	private static final Map<Integer, ErrorCode> CODES_BY_STATUS = Map.of(400, ErrorCodes.REQUEST_MALFORMED, 401,
			ErrorCodes.AUTH_UNAUTHORIZED, 403, ErrorCodes.AUTH_FORBIDDEN, 404, ErrorCodes.RESOURCE_NOT_FOUND, 409,
			ErrorCodes.RESOURCE_CONFLICT, 413, ErrorCodes.REQUEST_TOO_LARGE, 415,
			ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE, 429, ErrorCodes.RATE_LIMITED, 503,
			ErrorCodes.SERVICE_UNAVAILABLE);

	@ExceptionHandler(PlatformException.class)
	ResponseEntity<ProblemDetail> platform(PlatformException ex) {
		ProblemDetail problem = Problems.of(ex.errorCode(), ex.detail());
		if (!ex.errors().isEmpty()) {
			problem.setProperty("errors", ex.errors());
		}
		if (!ex.errorCode().clientError()) {
			log.warn("request failed: {}", ex.getMessage(), ex);
		}
		if (ex instanceof RetryLaterException later) {
			return ResponseEntity.status(problem.getStatus())
				.header(HttpHeaders.RETRY_AFTER, Long.toString(later.retryAfterSeconds()))
				.body(problem);
		}
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("unexpected error", ex);
		ProblemDetail problem = Problems.of(ErrorCodes.INTERNAL, "An unexpected error occurred; it has been logged.");
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		// The base class fills in the problem body itself when it is handed none, so
		// stamp it afterwards.
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			ErrorCode code = CODES_BY_STATUS.get(statusCode.value());
			if (code != null) {
				Problems.stamp(problem, code);
			}
		}
		return response;
	}

	/** Builds problem details from error codes, the same way for every service. */
	public static final class Problems {

		/** Immutable once built: shared by every writer. */
		private static final JsonMapper JSON = JsonMapper.builder().build();

		private Problems() {
		}

		public static ProblemDetail of(ErrorCode code, String detail) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.status()), detail);
			stamp(problem, code);
			return problem;
		}

		/**
		 * Writes the problem as the whole response, for filters that answer before Spring
		 * MVC would; with the request's path as its {@code instance}.
		 */
		public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
				String detail) throws IOException {
			ProblemDetail problem = of(code, detail);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", String.valueOf(problem.getType()));
			body.put("title", problem.getTitle());
			body.put("status", problem.getStatus());
			body.put("detail", problem.getDetail());
			body.put("instance", request.getRequestURI());
			if (problem.getProperties() != null) {
				body.putAll(problem.getProperties());
			}
			response.setStatus(code.status());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			JSON.writeValue(response.getOutputStream(), body);
		}

		static void stamp(ProblemDetail problem, ErrorCode code) {
			problem.setType(URI.create("urn:iotp:error:" + code.code()));
			problem.setProperty("code", code.code());
			problem.setProperty("hint", code.hint());
		}

	}

}
