/**
 * Live tail: every stored entry offered to the matching subscribers, each with a bounded
 * buffer and its own sender.
 */
@NullMarked
package io.iotp.logger.tail;

import org.jspecify.annotations.NullMarked;
