package io.iotp.starter.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who a request is made for, as the token says.
 *
 * @param username the token's subject; owners of apps, deployments and sensors are stored
 * by it
 * @param roles the token's roles, e.g. {@code ADMIN}, {@code DEVELOPER}
 */
public record Caller(String username, Set<String> roles) {

	/** Role that may see and change everything. */
	public static final String ADMIN = "ADMIN";

	/** Role that may see and change what it owns. */
	public static final String DEVELOPER = "DEVELOPER";

	/**
	 * A request without a token (a public path, or security switched off for
	 * development).
	 */
	public static final Caller ANONYMOUS = new Caller("anonymous", Set.of());

	public Caller {
		Objects.requireNonNull(username, "username");
		roles = Set.copyOf(roles);
	}

	public boolean isAdmin() {
		return this.roles.contains(ADMIN);
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

	/**
	 * Whether something owned by {@code owner} is this caller's to see and change: their
	 * own, or an admin.
	 */
	public boolean mayAccess(String owner) {
		return isAdmin() || this.username.equals(owner);
	}

}
