package io.iotp.starter.security;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security rethrows a failure to check a token that is not the token's fault
 * (typically: the JWK Set URL does not answer), which would end as a 500. Placed in front
 * of the bearer token filter, this turns it into a 503 problem the caller can retry.
 */
final class TokenCheckUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(TokenCheckUnavailableFilter.class);

	private final ProblemResponses problems;

	TokenCheckUnavailableFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (AuthenticationServiceException ex) {
			log.warn("cannot check the token of {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			if (!response.isCommitted()) {
				this.problems.unavailable(request, response);
			}
		}
	}

}
