/**
 * Deletion of entries older than the retention age, by a periodic job (the embedded store
 * has no TTL indexes).
 */
@NullMarked
package io.iotp.logger.retention;

import org.jspecify.annotations.NullMarked;
