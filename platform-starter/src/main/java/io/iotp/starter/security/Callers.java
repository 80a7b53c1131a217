package io.iotp.starter.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Tells who the current request is made for, so services never look at Spring Security
 * themselves. Ask it on the request thread (controllers), and hand the {@link Caller}
 * down.
 */
public class Callers {

	private static final String ROLE_PREFIX = "ROLE_";

	/** The caller of the current request, or {@link Caller#ANONYMOUS} without a token. */
	public Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Caller.ANONYMOUS;
		}
		Set<String> roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.collect(Collectors.toUnmodifiableSet());
		return new Caller(authentication.getName(), roles);
	}

}
