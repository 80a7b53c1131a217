package io.iotp.appcontroller.caller;

import java.util.Objects;

/**
 * The developer (or admin) a request is made for.
 *
 * @param name user name; owners of apps and deployments are stored by it
 * @param admin whether the caller may see and change everyone's apps and deployments
 */
public record Caller(String name, boolean admin) {

	/** Everyone, until authentication arrives. */
	public static final Caller ANONYMOUS = new Caller("anonymous", false);

	public Caller {
		Objects.requireNonNull(name, "name");
	}

	/** Whether something owned by {@code owner} is this caller's to see and change. */
	public boolean mayAccess(String owner) {
		return this.admin || this.name.equals(owner);
	}

}
