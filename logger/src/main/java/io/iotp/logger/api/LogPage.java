package io.iotp.logger.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of entries, newest first.
 *
 * @param items the entries
 * @param next pass it back as {@code cursor} for the following (older) page; null on the
 * last page
 */
record LogPage(List<LogView> items, @Nullable String next) {

}
