package io.iotp.starter.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.starter.web.ProblemAdvice.Problems;

/**
 * 401 and 403 as the same problem details every other error is. Spring's bearer handlers
 * set the status and the {@code WWW-Authenticate: Bearer ...} challenge (RFC 6750); this
 * adds the body, because the filter chain answers before
 * {@link io.iotp.starter.web.ProblemAdvice} can.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler denial = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.challenge.commence(request, response, authException);
		String detail = (request.getHeader("Authorization") == null) ? "This needs a bearer token."
				: "The bearer token is invalid, expired or not signed by the platform.";
		write(response, request, ErrorCodes.AUTH_UNAUTHORIZED, detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.denial.handle(request, response, accessDeniedException);
		write(response, request, ErrorCodes.AUTH_FORBIDDEN, "Your roles do not allow this.");
	}

	/**
	 * Tokens cannot be checked right now (the gateway's key set is not reachable): 503
	 * with {@code Retry-After}, since the caller's token may well be fine.
	 */
	void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("Retry-After", "5");
		write(response, request, ErrorCodes.SERVICE_UNAVAILABLE,
				"Tokens cannot be checked right now: the platform's signing keys are not reachable.");
	}

	private void write(HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail)
			throws IOException {
		Problems.write(request, response, code, detail);
	}

}
