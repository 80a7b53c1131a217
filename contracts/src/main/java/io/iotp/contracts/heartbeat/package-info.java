/** The {@code heartbeat} topic. */
@NullMarked
package io.iotp.contracts.heartbeat;

import org.jspecify.annotations.NullMarked;
