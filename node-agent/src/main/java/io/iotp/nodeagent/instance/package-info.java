/**
 * Instances of this node, run by a runtime (as processes): launch, health checks,
 * restarts, stop, re-adoption and status reports.
 */
@NullMarked
package io.iotp.nodeagent.instance;

import org.jspecify.annotations.NullMarked;
