/**
 * Asking sensor-manager to bind an app's sensors before its instances are placed, over
 * Kafka request-reply.
 */
@NullMarked
package io.iotp.deployer.binding;

import org.jspecify.annotations.NullMarked;
