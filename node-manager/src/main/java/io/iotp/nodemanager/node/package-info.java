/** The registry of nodes, kept from the agents' heartbeats, and its API. */
@NullMarked
package io.iotp.nodemanager.node;

import org.jspecify.annotations.NullMarked;
