/**
 * {@code /api/logs}: query pages, live tail over SSE and downloads, with one parameter
 * parser for all three.
 */
@NullMarked
package io.iotp.logger.api;

import org.jspecify.annotations.NullMarked;
