package io.iotp.gateway.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /api/auth/**}: register, login, refresh, logout, the public keys, who am I. */
@Configuration(proxyBeanMethods = false)
class AuthRoutes {

	/**
	 * Lowercase ASCII only, so no LDAP special character, homoglyph or invisible mark
	 * fits.
	 */
	static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9._-]{2,31}$");

	/** Names nobody may register: {@code platform} owns the common sensor types. */
	static final Set<String> RESERVED = Set.of("platform");

	private static final Pattern EMAIL = Pattern
		.compile("^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,63}$");

	private static final String WRONG_CREDENTIALS = "wrong username or password";

	private final Directory directory;

	private final Tokens tokens;

	private final RevokedTokens revoked;

	private final LoginLimiter limiter;

	private final SigningKey key;

	AuthRoutes(Directory directory, Tokens tokens, RevokedTokens revoked, LoginLimiter limiter, SigningKey key) {
		this.directory = directory;
		this.tokens = tokens;
		this.revoked = revoked;
		this.limiter = limiter;
		this.key = key;
	}

	@Bean
	RouterFunction<ServerResponse> authEndpoints() {
		return RouterFunctions.route()
			.POST("/api/auth/register", this::register)
			.POST("/api/auth/login", this::login)
			.POST("/api/auth/refresh", this::refresh)
			.POST("/api/auth/logout", this::logout)
			.GET("/api/auth/jwks", this::jwks)
			.GET("/api/auth/me", this::me)
			.build();
	}

	private Mono<ServerResponse> register(ServerRequest request) {
		return JsonBodies.read(request, Set.of("username", "password", "email")).flatMap(body -> {
			String username = body.get("username").stringValue();
			String password = body.get("password").stringValue();
			String email = body.get("email").stringValue();
			List<FieldError> errors = new ArrayList<>();
			if (!USERNAME.matcher(username).matches()) {
				errors.add(new FieldError("/username",
						"must be 3 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter"));
			}
			else if (RESERVED.contains(username)) {
				errors.add(new FieldError("/username",
						"'" + username + "' is reserved: it owns what the platform itself provides; choose another"));
			}
			if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
				errors.add(new FieldError("/email", "is not an email address"));
			}
			errors.addAll(passwordProblems(username, password));
			if (!errors.isEmpty()) {
				return Mono
					.error(new PlatformException(ErrorCodes.REQUEST_VALIDATION, "the registration is invalid", errors));
			}
			return blocking(() -> {
				this.directory.register(username, password, email);
				return Map.of("username", username, "roles", List.of("DEVELOPER"));
			}).flatMap(created -> ServerResponse.status(HttpStatus.CREATED)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(created));
		});
	}

	static List<FieldError> passwordProblems(String username, String password) {
		List<FieldError> errors = new ArrayList<>();
		if (password.length() < 10 || password.length() > 128) {
			errors.add(new FieldError("/password", "must be 10 to 128 characters long"));
		}
		if (!username.isEmpty() && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
			errors.add(new FieldError("/password", "must not contain the username"));
		}
		if (password.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldError("/password", "must not contain control characters"));
		}
		return errors;
	}

	private Mono<ServerResponse> login(ServerRequest request) {
		return JsonBodies.read(request, Set.of("username", "password")).flatMap(body -> {
			String username = body.get("username").stringValue().toLowerCase(Locale.ROOT);
			String password = body.get("password").stringValue();
			if (username.isEmpty() || username.length() > 64 || username.chars().anyMatch(Character::isISOControl)
					|| password.length() > 1024) {
				return Mono.error(new PlatformException(ErrorCodes.REQUEST_VALIDATION, "the login is invalid",
						List.of(new FieldError("/username", "must be 1 to 64 characters without control characters"))));
			}
			String address = request.remoteAddress()
				.map(a -> (a.getAddress() != null) ? a.getAddress().getHostAddress() : a.getHostString())
				.orElse("unknown");
			Optional<Duration> wait = this.limiter.attemptFrom(address);
			if (wait.isPresent()) {
				return Mono.error(new RateLimitedException("too many login attempts from " + address, wait.get()));
			}
			Optional<Duration> locked = this.limiter.lockedOut(username);
			if (locked.isPresent()) {
				return Mono.error(new RateLimitedException(
						"too many wrong passwords for '" + username + "'; locked out for now", locked.get()));
			}
			return blocking(() -> {
				Optional<String> dn = this.directory.findDn(username);
				if (dn.isPresent() && this.directory.authenticate(dn.get(), password)) {
					this.limiter.succeeded(username);
					return this.tokens.issue(username, this.directory.roles(dn.get()));
				}
				Optional<Duration> lockout = this.limiter.failed(username);
				if (lockout.isPresent()) {
					throw new RateLimitedException(
							"too many wrong passwords for '" + username + "'; locked out for now", lockout.get());
				}
				throw new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED, WRONG_CREDENTIALS);
			}).flatMap(this::tokenResponse);
		});
	}

	private Mono<ServerResponse> refresh(ServerRequest request) {
		Tokens.Principal principal = principal(request);
		return blocking(() -> {
			String dn = this.directory.findDn(principal.username())
				.orElseThrow(() -> new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED,
						"the user '" + principal.username() + "' no longer exists"));
			return this.tokens.issue(principal.username(), this.directory.roles(dn));
		}).flatMap(this::tokenResponse);
	}

	private Mono<ServerResponse> logout(ServerRequest request) {
		Tokens.Principal principal = principal(request);
		return this.revoked.revoke(principal.jti(), principal.expiresAt()).then(ServerResponse.noContent().build());
	}

	private Mono<ServerResponse> jwks(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.bodyValue(this.key.publicKeys().toJSONObject(true));
	}

	private Mono<ServerResponse> me(ServerRequest request) {
		Tokens.Principal principal = principal(request);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", principal.username(), "roles", principal.roles()));
	}

	private Mono<ServerResponse> tokenResponse(Tokens.Issued issued) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(Map.of("token", issued.token(), "expiresAt", issued.expiresAt().toString(), "roles",
					issued.roles()));
	}

	/**
	 * The holder checked by {@link AuthFilter}; every endpoint calling this is behind it.
	 */
	static Tokens.Principal principal(ServerRequest request) {
		Tokens.Principal principal = request.exchange().getAttribute(AuthFilter.PRINCIPAL);
		if (principal == null) {
			throw new PlatformException(ErrorCodes.AUTH_UNAUTHORIZED, "this needs a token");
		}
		return principal;
	}

	static <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	static boolean validUsername(String username) {
		return USERNAME.matcher(username).matches();
	}

}
