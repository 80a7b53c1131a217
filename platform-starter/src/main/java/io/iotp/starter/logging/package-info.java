/** Shipping of this process's log events to {@code platform-logs}. */
@NullMarked
package io.iotp.starter.logging;

import org.jspecify.annotations.NullMarked;
