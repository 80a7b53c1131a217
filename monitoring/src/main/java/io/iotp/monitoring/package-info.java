/** Monitoring: failure detection over heartbeats, fault tolerance and alerts. */
@NullMarked
package io.iotp.monitoring;

import org.jspecify.annotations.NullMarked;
