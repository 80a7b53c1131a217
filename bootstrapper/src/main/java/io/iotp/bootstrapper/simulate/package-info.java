/**
 * {@code iotp simulate}: registers (or reuses) sensors through the gateway and sends them
 * plausible readings at a fixed total rate over HTTP or MQTT, for a bounded time.
 */
@NullMarked
package io.iotp.bootstrapper.simulate;

import org.jspecify.annotations.NullMarked;
