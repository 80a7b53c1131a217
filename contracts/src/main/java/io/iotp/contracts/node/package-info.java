/**
 * The {@code node-heartbeat}, {@code node-commands} and {@code new-node-request} topics: nodes
 * reporting themselves, being told what to run, and the fleet asking for more of them.
 */
@NullMarked
package io.iotp.contracts.node;

import org.jspecify.annotations.NullMarked;
