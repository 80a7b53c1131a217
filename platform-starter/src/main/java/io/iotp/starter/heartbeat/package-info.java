/** The heartbeat every platform process sends, and the health it implies. */
@NullMarked
package io.iotp.starter.heartbeat;

import org.jspecify.annotations.NullMarked;
