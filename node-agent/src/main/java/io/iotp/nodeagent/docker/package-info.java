/**
 * The Docker engine as the node agent uses it: its client, the network app containers
 * live on, the relay that lets them reach the gateway and nothing else, and the images
 * services run from.
 */
@NullMarked
package io.iotp.nodeagent.docker;

import org.jspecify.annotations.NullMarked;
