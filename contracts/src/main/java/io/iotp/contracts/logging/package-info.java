/** The {@code platform-logs} and {@code app-logs} topics. */
@NullMarked
package io.iotp.contracts.logging;

import org.jspecify.annotations.NullMarked;
