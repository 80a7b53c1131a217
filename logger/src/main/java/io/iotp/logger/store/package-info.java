/**
 * Log documents in MongoDB: bulk insert, filters, newest-first pages with (time, id)
 * cursors, deletion by age.
 */
@NullMarked
package io.iotp.logger.store;

import org.jspecify.annotations.NullMarked;
