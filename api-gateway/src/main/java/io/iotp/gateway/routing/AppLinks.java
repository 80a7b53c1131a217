package io.iotp.gateway.routing;

import java.net.URI;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;

/**
 * Where an app link goes: {@code /apps/{app}/{service}/...} to that service and any other
 * {@code /apps/{app}/...} to the app's entry service, with the prefix stripped; instances
 * take turns. Unknown app: 404; known but nothing healthy: 503; the bare link without its
 * slash is redirected.
 */
@Component
class AppLinks {

	static final String APPS = "/apps/";

	private final AppRegistry registry;

	AppLinks(AppRegistry registry) {
		this.registry = registry;
	}

	/**
	 * What to do with a request for {@code rawPath} (which starts with {@code /apps/}).
	 */
	Resolution resolve(String rawPath, @Nullable String rawQuery) {
		String query = (rawQuery != null) ? "?" + rawQuery : "";
		String afterApps = rawPath.substring(APPS.length());
		int slash = afterApps.indexOf('/');
		String app = (slash < 0) ? afterApps : afterApps.substring(0, slash);
		if (app.isEmpty() || !this.registry.knows(app)) {
			return new Refuse(ErrorCodes.RESOURCE_NOT_FOUND, "no app '" + app + "' is deployed here");
		}
		boolean login = this.registry.requiresLogin(app);
		if (slash < 0) {
			return new Redirect(rawPath + "/" + query, login);
		}
		String rest = afterApps.substring(slash);
		String prefix = APPS + app;
		String service = firstSegment(rest);
		if (service != null && this.registry.hasService(app, service)) {
			prefix = prefix + "/" + service;
			rest = rest.substring(service.length() + 1);
			if (rest.isEmpty()) {
				return new Redirect(rawPath + "/" + query, login);
			}
		}
		else {
			service = this.registry.entryService(app);
			if (service == null) {
				return new Refuse(ErrorCodes.SERVICE_UNAVAILABLE, "app '" + app + "' has no entry service running");
			}
		}
		Optional<URI> instance = this.registry.next(app, service);
		if (instance.isEmpty()) {
			return new Refuse(ErrorCodes.SERVICE_UNAVAILABLE,
					"no healthy instance of " + app + "/" + service + " right now");
		}
		return new Forward(app, service, instance.get(), rest + query, prefix, login);
	}

	/**
	 * Passes over the instance a request was sent to, which refused the connection, and
	 * gives the same request for the service's next instance; null when it has no other.
	 */
	@Nullable Forward passOver(Forward refused) {
		this.registry.passOver(refused.app(), refused.service(), refused.instance());
		Optional<URI> next = this.registry.next(refused.app(), refused.service());
		if (next.isEmpty() || next.get().equals(refused.instance())) {
			return null;
		}
		return new Forward(refused.app(), refused.service(), next.get(), refused.restAndQuery(), refused.prefix(),
				refused.login());
	}

	private static @Nullable String firstSegment(String rest) {
		if (rest.length() <= 1) {
			return null;
		}
		int end = rest.indexOf('/', 1);
		return (end < 0) ? null : rest.substring(1, end);
	}

	/** The outcome for one request. */
	sealed interface Resolution permits Forward, Redirect, Refuse {

	}

	/**
	 * Send it to an instance.
	 *
	 * @param app the app
	 * @param service the service of the app
	 * @param instance the instance (scheme, host and port)
	 * @param restAndQuery the path with the prefix stripped, and the query
	 * @param prefix what was stripped, for {@code X-Forwarded-Prefix}
	 * @param login whether the app's link needs a platform login
	 */
	record Forward(String app, String service, URI instance, String restAndQuery, String prefix,
			boolean login) implements Resolution {

		/** What to ask the instance for: its own path, if any, then the rest. */
		String pathAndQuery() {
			String base = this.instance.getRawPath();
			return ((base != null) ? base : "") + this.restAndQuery;
		}

	}

	/** Answer 308 to {@code location} (the link with its trailing slash). */
	record Redirect(String location, boolean login) implements Resolution {
	}

	/** Answer with a problem. */
	record Refuse(ErrorCode code, String detail) implements Resolution {
	}

}
