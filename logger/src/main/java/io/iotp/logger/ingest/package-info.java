/**
 * The batch consumer of {@code platform-logs} and {@code app-logs}: envelopes to redacted
 * log records, stored in bulk.
 */
@NullMarked
package io.iotp.logger.ingest;

import org.jspecify.annotations.NullMarked;
