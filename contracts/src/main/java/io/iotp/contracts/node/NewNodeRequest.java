package io.iotp.contracts.node;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.messaging.Message;

/**
 * Published on {@code new-node-request} (no key) by node-manager when the fleet cannot place what it
 * must: the bootstrapper may provision a node, an admin is told.
 *
 * @param reason why, for the admin
 * @param wanted resources of the instance that found no room (or the shortfall)
 * @param app the app that needed room, when one did
 * @param service the service that needed room, when one did
 */
public record NewNodeRequest(String reason, Resources wanted, @Nullable AppId app, @Nullable String service)
		implements Message {

	public NewNodeRequest {
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(wanted, "wanted");
	}

}
