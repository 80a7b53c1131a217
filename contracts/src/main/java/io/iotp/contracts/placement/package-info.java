/**
 * The {@code get-node-request} / {@code best-node-response} request-reply pair: the
 * deployer asks node-manager where an instance should run.
 */
@NullMarked
package io.iotp.contracts.placement;

import org.jspecify.annotations.NullMarked;
