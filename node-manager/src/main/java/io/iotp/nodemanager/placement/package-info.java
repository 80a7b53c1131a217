/**
 * Choosing the best node for an instance, and the reservations that choice is based on.
 */
@NullMarked
package io.iotp.nodemanager.placement;

import org.jspecify.annotations.NullMarked;
