/**
 * Who may read which entries: app owners learned from {@code scheduler-to-deployer}, and
 * the caller's visibility.
 */
@NullMarked
package io.iotp.logger.access;

import org.jspecify.annotations.NullMarked;
