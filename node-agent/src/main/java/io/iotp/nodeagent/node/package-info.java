/**
 * The node itself: its configuration, runtimes, usage and heartbeat on
 * {@code node-heartbeat}.
 */
@NullMarked
package io.iotp.nodeagent.node;

import org.jspecify.annotations.NullMarked;
