/**
 * Routing: {@code /api/**} to the owning service, {@code /apps/{app}/**} to healthy app
 * instances.
 */
@NullMarked
package io.iotp.gateway.routing;

import org.jspecify.annotations.NullMarked;
