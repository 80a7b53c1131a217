/** Asking node-manager for the best node, over Kafka request-reply. */
@NullMarked
package io.iotp.deployer.placement;

import org.jspecify.annotations.NullMarked;
