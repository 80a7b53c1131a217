/** The ingestion benchmark (run by {@code bench/log_ingest.sh}, not by the build). */
@NullMarked
package io.iotp.logger.bench;

import org.jspecify.annotations.NullMarked;
