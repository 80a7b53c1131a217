package io.iotp.sensormanager.access;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Tells controllers whether the current request is an app's (app-scoped token), so they
 * narrow what a developer's request would see to the app's bound sensors. Ask it on the
 * request thread.
 */
@Component
public class AppGrants {

	/**
	 * The grant of the current request, empty for a developer's or a device's request.
	 */
	public Optional<AppGrant> current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes == null) {
			return Optional.empty();
		}
		return (attributes.getAttribute(AppGrant.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof AppGrant grant)
				? Optional.of(grant) : Optional.empty();
	}

}
