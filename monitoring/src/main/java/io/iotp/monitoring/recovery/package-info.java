/**
 * Acting on faults: restarting platform services, declaring the instances of a dead node
 * lost.
 */
@NullMarked
package io.iotp.monitoring.recovery;

import org.jspecify.annotations.NullMarked;
