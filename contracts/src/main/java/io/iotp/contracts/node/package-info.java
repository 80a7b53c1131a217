/**
 * The {@code node-heartbeat} and {@code node-commands} topics: nodes reporting themselves
 * and being told what to run.
 */
@NullMarked
package io.iotp.contracts.node;

import org.jspecify.annotations.NullMarked;
