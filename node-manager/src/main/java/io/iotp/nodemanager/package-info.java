/**
 * Node registry and load balancer: nodes from their agents' heartbeats, and placement of
 * instances.
 */
@NullMarked
package io.iotp.nodemanager;

import org.jspecify.annotations.NullMarked;
