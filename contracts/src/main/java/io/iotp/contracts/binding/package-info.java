/**
 * The {@code sensor-binding-request} / {@code sensor-binding-response} request-reply
 * pair: before it places a deployment's instances, the deployer asks sensor-manager to
 * bind the app's sensors.
 * <p>
 * There is deliberately no "release" message: a binding ends when its deployment reaches
 * {@code STOPPED}, {@code FAILED} or {@code CANCELLED} on {@code deployment-status},
 * which sensor-manager consumes. That topic already carries every end of a deployment,
 * including ends the deployer never sees (a cancellation in app-controller) or cannot
 * announce twice (a crash between stopping and releasing), so a second message would only
 * be a second source of truth that can disagree.
 */
@NullMarked
package io.iotp.contracts.binding;

import org.jspecify.annotations.NullMarked;
