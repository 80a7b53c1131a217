package io.iotp.gateway.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who holds the token of an {@code Authorization: Bearer} header: a valid, unrevoked
 * platform token, or {@link Unauthorized} saying, in words fit for the caller, why not.
 */
@Component
public class BearerCheck {

	/** Sent with every 401, as RFC 6750 asks. */
	public static final String CHALLENGE = "Bearer realm=\"iotp\"";

	private static final String BEARER = "Bearer ";

	private final Tokens tokens;

	private final RevokedTokens revoked;

	BearerCheck(Tokens tokens, RevokedTokens revoked) {
		this.tokens = tokens;
		this.revoked = revoked;
	}

	/**
	 * The holder of the header's token; {@link Unauthorized} when there is none or it is
	 * not valid.
	 */
	public Tokens.Principal holder(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new Unauthorized("this needs a token: send Authorization: Bearer <token>");
		}
		Tokens.Principal principal;
		try {
			principal = this.tokens.verify(authorization.substring(BEARER.length()).trim());
		}
		catch (Tokens.InvalidTokenException ex) {
			throw new Unauthorized("the token is invalid or expired", ex.getMessage());
		}
		if (this.revoked.isRevoked(principal.jti())) {
			throw new Unauthorized("the token was revoked by a logout");
		}
		return principal;
	}

	/**
	 * Why a request is not let in: {@link #getMessage()} for the caller,
	 * {@link #reason()} for the log.
	 */
	public static final class Unauthorized extends RuntimeException {

		private final String reason;

		Unauthorized(String detail) {
			this(detail, detail);
		}

		Unauthorized(String detail, @Nullable String reason) {
			super(detail, null, false, false);
			this.reason = (reason != null) ? reason : detail;
		}

		public String reason() {
			return this.reason;
		}

	}

}
